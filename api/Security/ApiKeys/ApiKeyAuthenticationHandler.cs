using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace OrleansTicks.Api.Security.ApiKeys;

/// <summary>Authenticates a request by its API key: the <c>X-Api-Key</c> header, <c>Authorization: Bearer</c> (what
/// SignalR clients send from <c>accessTokenFactory</c> on HTTP requests), or the <c>token</c> / <c>access_token</c>
/// query parameter (WebSockets cannot carry headers from a browser). With no keys configured nobody is
/// authenticated and <see cref="ApiKeyRoleHandler"/> lets every request through. Challenges and refusals answer 401
/// and 403 as problem details.</summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>The claim that says which key authenticated the request (its name, never the key).</summary>
    public const string KeyNameClaim = "orleansticks:key";

    private readonly ILogger _logger = loggerFactory.CreateLogger<ApiKeyAuthenticationHandler>();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!keys.Enabled || PresentedKeys(Request) is not { Count: > 0 } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Which of two different keys would count is a guess (and the role may differ): refuse rather than pick one.
        if (presented.Count > 1)
        {
            return Task.FromResult(AuthenticateResult.Fail(new DifferentKeysException(presented.Count)));
        }

        if (keys.Find(presented[0]) is not var (name, role))
        {
            LogRejectedKey(Request.Path, Context.Connection.RemoteIpAddress?.ToString());
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(KeyNameClaim, name), new Claim(ClaimTypes.Role, role)], ApiKeyPolicies.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyPolicies.Scheme)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        Response.Headers.WWWAuthenticate = $"{ApiKeyPolicies.Scheme} header=\"{ApiKeyPolicies.HeaderName}\"";
        var how = $"Send a key in the {ApiKeyPolicies.HeaderName} header, as 'Authorization: Bearer <key>', or in the '{ApiKeyPolicies.QueryName}' query parameter.";
        var (title, detail) = result.Failure switch
        {
            null => ("An API key is required", how),
            DifferentKeysException different => ("Different API keys were sent", $"{different.Message} Send one key. {how}"),
            _ => ("The API key is not valid", $"The key sent is not one of the configured keys. {how}"),
        };
        await SecurityProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, title, detail).ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirst(ClaimTypes.Role)?.Value ?? "none";
        return SecurityProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "An admin key is required",
            $"The key sent has role '{role}'; {Request.Method} {Request.Path} needs a key with role '{ApiKeyPolicies.Admin}'.");
    }

    /// <summary>The distinct keys the request carries, in the header, as a bearer token, or in the query (a SignalR
    /// client may send the same key both as a bearer token and as <c>access_token</c>: that is one key).</summary>
    private static List<string> PresentedKeys(HttpRequest request)
    {
        var presented = new List<string>(1);
        void Add(string? key)
        {
            if (!string.IsNullOrEmpty(key) && !presented.Contains(key, StringComparer.Ordinal))
            {
                presented.Add(key);
            }
        }

        foreach (var header in request.Headers[ApiKeyPolicies.HeaderName])
        {
            Add(header);
        }

        foreach (var authorization in request.Headers[HeaderNames.Authorization])
        {
            if (authorization is { Length: > 7 } && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                Add(authorization[7..].Trim());
            }
        }

        foreach (var token in request.Query[ApiKeyPolicies.QueryName])
        {
            Add(token);
        }

        foreach (var accessToken in request.Query[ApiKeyPolicies.SignalRQueryName])
        {
            Add(accessToken);
        }

        return presented;
    }

    /// <summary>The failure of a request that carries more than one key.</summary>
    private sealed class DifferentKeysException(int count) : Exception($"The request carries {count} different keys.");

    [LoggerMessage(EventId = 5210, Level = LogLevel.Information, Message = "Request to {Path} from {RemoteAddress} sent an API key that is not configured")]
    private partial void LogRejectedKey(PathString path, string? remoteAddress);
}
