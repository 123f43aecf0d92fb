using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;
using OrleansTicks.Api.Hosting;
using OrleansTicks.Api.Security.ApiKeys;

namespace Microsoft.Extensions.Hosting;

/// <summary>The web dashboard at <c>/</c>: the files of <c>wwwroot</c> (docs/DASHBOARD.md). They are served before the
/// security middleware, so they are open and not rate limited whether or not API keys are configured: they hold no
/// data, and the page must load before a person can enter a key. Everything the page then asks for (<c>/api</c>, the
/// hub) goes through the keys and the rate limiter like any other client.</summary>
public static class DashboardExtensions
{
    // The page's own origin only: no inline script, no third-party host; the hub is reached over the same origin
    // (CSP 'self' covers ws: and wss: to it). Inline style attributes are allowed: the chart library writes them (without
    // 'unsafe-inline' Chromium refuses them, which the dashboard tests see as console errors).
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

    /// <summary>Where the page learns whether it needs a key before it calls anything.</summary>
    public const string SettingsPath = "/dashboard/settings.json";

    /// <summary>Serves <c>wwwroot</c>, <c>/</c> answering <c>index.html</c>, and the page's settings. Call it before
    /// <c>UseTicksSecurity</c>.</summary>
    public static TApp MapTicksDashboard<TApp>(this TApp app)
        where TApp : IEndpointRouteBuilder, IApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = PrepareResponse });
        // Open: whether keys are on is no secret (any refused call says so), and knowing it lets the page ask for a
        // key first instead of collecting 401s.
        app.MapGet(SettingsPath, (ApiKeyStore keys) => TypedResults.Ok(new DashboardSettings(keys.Enabled)))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static void PrepareResponse(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        // The file names carry no version: a browser revalidates each time (ETag, 304) and never runs a stale module.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers[HeaderNames.XFrameOptions] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
        }
    }
}
