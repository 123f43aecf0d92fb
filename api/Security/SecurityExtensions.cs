using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansTicks.Api.Security.ApiKeys;
using OrleansTicks.Api.Security.BodySize;
using OrleansTicks.Api.Security.RateLimiting;
using OrleansTicks.Runtime.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>API keys (<c>Auth:ApiKeys</c>), per-client rate limiting (<c>RateLimit</c>) and the request body limit
/// (<c>Api:MaxRequestBodyBytes</c>); see docs/SECURITY.md.</summary>
public static class SecurityExtensions
{
    /// <summary>Registers the API-key scheme, the <c>read</c> and <c>admin</c> policies (read is the fallback for
    /// every endpoint that names none), the rate limiter and the body limit's options.</summary>
    public static TBuilder AddTicksSecurity<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.SectionName).RejectUnknownSettings(ApiKeyOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>());
        services.TryAddSingleton<ApiKeyStore>();
        services.AddAuthentication(ApiKeyPolicies.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyPolicies.Scheme, null);

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, ApiKeyRoleHandler>());
        var read = new AuthorizationPolicyBuilder(ApiKeyPolicies.Scheme)
            .AddRequirements(new ApiKeyRoleRequirement(ApiKeyPolicies.Read, ApiKeyPolicies.Admin)).Build();
        var admin = new AuthorizationPolicyBuilder(ApiKeyPolicies.Scheme)
            .AddRequirements(new ApiKeyRoleRequirement(ApiKeyPolicies.Admin)).Build();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyPolicies.Read, read)
            .AddPolicy(ApiKeyPolicies.Admin, admin)
            .SetDefaultPolicy(read)
            .SetFallbackPolicy(read);

        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).RejectUnknownSettings(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((limiter, options) => ClientRateLimiter.Configure(limiter, options.Value));

        services.AddOptions<RequestBodyLimitOptions>().BindConfiguration(RequestBodyLimitOptions.SectionName).RejectUnknownSettings(RequestBodyLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }

    /// <summary>Adds the middleware in the order it must run: who is calling, whether they may call this often,
    /// whether they may call this endpoint, whether the body is acceptable. Call it before mapping endpoints.</summary>
    public static TApp UseTicksSecurity<TApp>(this TApp app)
        where TApp : IApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        return app;
    }
}
