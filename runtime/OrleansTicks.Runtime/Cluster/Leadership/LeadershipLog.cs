using Microsoft.Extensions.Logging;

namespace OrleansTicks.Runtime.Cluster.Leadership;

/// <summary>Log events of feed leader election; event ids 3350-3379 (see RuntimeLog).</summary>
internal static partial class LeadershipLog
{
    [LoggerMessage(EventId = 3350, Level = LogLevel.Information, Message = "Contending for role {Role} (advisory lock {LockKey}): a try every {RetryInterval}, session timeout {SessionTimeout}")]
    public static partial void Contending(this ILogger logger, string role, long lockKey, TimeSpan retryInterval, TimeSpan sessionTimeout);

    [LoggerMessage(EventId = 3351, Level = LogLevel.Information, Message = "Leading role {Role} (term {Term}, database session {ProcessId})")]
    public static partial void Elected(this ILogger logger, string role, long term, int processId);

    [LoggerMessage(EventId = 3352, Level = LogLevel.Information, Message = "Stopped leading role {Role} (term {Term}): {Reason}")]
    public static partial void SteppedDown(this ILogger logger, string role, long term, string reason);

    [LoggerMessage(EventId = 3353, Level = LogLevel.Warning, Message = "Leader of role {Role} (term {Term}) cannot prove it still holds the lock (session lost, check failed or timed out after {CheckTimeout}); its work is cancelled")]
    public static partial void LockLost(this ILogger logger, Exception? exception, string role, long term, TimeSpan checkTimeout);

    [LoggerMessage(EventId = 3354, Level = LogLevel.Error, Message = "The work of role {Role} (term {Term}) failed; stepping down and contending again after {RetryInterval}")]
    public static partial void WorkFailed(this ILogger logger, Exception exception, string role, long term, TimeSpan retryInterval);

    [LoggerMessage(EventId = 3355, Level = LogLevel.Warning, Message = "Contending for role {Role} failed (database unreachable or too slow); trying again every {RetryInterval}")]
    public static partial void ContendFailed(this ILogger logger, Exception exception, string role, TimeSpan retryInterval);

    [LoggerMessage(EventId = 3356, Level = LogLevel.Information, Message = "Contending for role {Role} works again")]
    public static partial void ContendRecovered(this ILogger logger, string role);

    [LoggerMessage(EventId = 3357, Level = LogLevel.Warning, Message = "Releasing the lock of role {Role} failed; closing its session releases it")]
    public static partial void ReleaseFailed(this ILogger logger, Exception exception, string role);

    [LoggerMessage(EventId = 3358, Level = LogLevel.Information, Message = "Stopped contending for role {Role}")]
    public static partial void Stopped(this ILogger logger, string role);

    [LoggerMessage(EventId = 3359, Level = LogLevel.Error, Message = "The election for role {Role} failed unexpectedly; it contends again after {RetryInterval}")]
    public static partial void ElectionFailed(this ILogger logger, Exception exception, string role, TimeSpan retryInterval);
}
