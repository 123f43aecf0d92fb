using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using OrleansTicks.Api.Security.ApiKeys;

namespace OrleansTicks.Api.Security.RateLimiting;

/// <summary>The global limiter: one token bucket per client, and the 429 answer with <c>Retry-After</c>.</summary>
internal static class ClientRateLimiter
{
    public static void Configure(RateLimiterOptions limiter, RateLimitOptions options)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options));
        limiter.OnRejected = static (rejected, cancellationToken) => RejectAsync(rejected);
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions options)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (!options.Enabled
            || context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
            || (options.ExemptLoopback && remote is not null && IPAddress.IsLoopback(remote)))
        {
            return RateLimitPartition.GetNoLimiter("exempt");
        }

        // A key names its holder wherever they connect from; without one (or with a wrong one) the address does.
        var key = context.User.FindFirst(ApiKeyAuthenticationHandler.KeyNameClaim)?.Value is { } name
            ? "key:" + name
            : "ip:" + (remote?.ToString() ?? "unknown");
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Burst,
            TokensPerPeriod = options.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SecurityProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests",
            $"This client sent more requests than its limit allows; retry after {seconds} s (see the Retry-After header).").ConfigureAwait(false);
    }
}
