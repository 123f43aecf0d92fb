namespace OrleansTicks.Api.Rest;

/// <summary>When this API host started, for the status endpoint (per host, not per process: tests run several).</summary>
public sealed class ApiUptime(TimeProvider clock)
{
    /// <summary>When the host built its endpoints (UTC).</summary>
    public DateTime StartedAt { get; } = clock.GetUtcNow().UtcDateTime;

    /// <summary>How long ago that was.</summary>
    public TimeSpan Uptime => clock.GetUtcNow().UtcDateTime - StartedAt;
}
