using System.ComponentModel.DataAnnotations;

namespace OrleansTicks.Api.Security.RateLimiting;

/// <summary>Section <c>RateLimit</c>: a token bucket per client (per API key when one authenticated the request,
/// else per remote IP address). Health endpoints are never limited.</summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "RateLimit";

    /// <summary>Whether requests are limited at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sustained requests per second per client. The default is far above what one person or dashboard
    /// needs and low enough that one runaway script cannot take the node.</summary>
    [Range(1, 10_000_000)]
    public int PermitsPerSecond { get; set; } = 1_000;

    /// <summary>Requests a client may send at once after being idle (the bucket's size).</summary>
    [Range(1, 10_000_000)]
    public int Burst { get; set; } = 2_000;

    /// <summary>Whether clients on the loopback address (load generators, a sidecar) are exempt.</summary>
    public bool ExemptLoopback { get; set; }
}
