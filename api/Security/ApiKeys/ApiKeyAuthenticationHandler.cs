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
        var presented = keys.Enabled ? PresentedKey(Request) : null;
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Find(presented) is not var (name, role))
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
        await SecurityProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            result.Failure is null ? "An API key is required" : "The API key is not valid",
            result.Failure is null ? how : $"The key sent is not one of the configured keys. {how}").ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirst(ClaimTypes.Role)?.Value ?? "none";
        return SecurityProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "An admin key is required",
            $"The key sent has role '{role}'; {Request.Method} {Request.Path} needs a key with role '{ApiKeyPolicies.Admin}'.");
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers[ApiKeyPolicies.HeaderName] is [{ Length: > 0 } header, ..])
        {
            return header;
        }

        if (request.Headers[HeaderNames.Authorization] is [{ } authorization, ..]
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7)
        {
            return authorization[7..].Trim();
        }

        if (request.Query[ApiKeyPolicies.QueryName] is [{ Length: > 0 } token, ..])
        {
            return token;
        }

        return request.Query[ApiKeyPolicies.SignalRQueryName] is [{ Length: > 0 } accessToken, ..] ? accessToken : null;
    }

    [LoggerMessage(EventId = 5210, Level = LogLevel.Information, Message = "Request to {Path} from {RemoteAddress} sent an API key that is not configured")]
    private partial void LogRejectedKey(PathString path, string? remoteAddress);
}
