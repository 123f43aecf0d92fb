using Microsoft.AspNetCore.OutputCaching;

namespace OrleansTicks.Api.Rest;

/// <summary>The output-cache policy of history answers. Unlike the built-in default policy it also caches answers to
/// callers with an API key: a history answer does not depend on who asks, and the authorization middleware runs
/// before the output cache, so a cached answer still reaches only callers allowed to see it. Only GET/HEAD, only
/// 200 answers without cookies, varying by the whole query string.</summary>
internal sealed class HistoryCachePolicy(TimeSpan duration) : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var method = context.HttpContext.Request.Method;
        var cacheable = duration > TimeSpan.Zero && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method));
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = duration;
        context.CacheVaryByRules.QueryKeys = "*";
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
