using Microsoft.Extensions.Logging;

namespace OrleansTicks.Runtime.Cluster.Membership;

/// <summary>Log events of cluster membership and partition ownership; event ids 3200-3299 (see RuntimeLog).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Silo {SiloId} joined the cluster as incarnation {Incarnation} ({Partitions} partitions, heartbeat every {HeartbeatInterval}, dead after {DeadAfter})")]
    public static partial void Joined(this ILogger logger, string siloId, long incarnation, int partitions, TimeSpan heartbeatInterval, TimeSpan deadAfter);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Membership view {Version}: {Count} live silos [{Silos}]; this silo owns {Owned} partitions, gained [{Gained}], lost [{Lost}]")]
    public static partial void ViewChanged(this ILogger logger, long version, int count, string silos, int owned, string gained, string lost);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Declared silo {DeadSiloId} dead: no heartbeat for more than {DeadAfter}")]
    public static partial void DeclaredDead(this ILogger logger, string deadSiloId, TimeSpan deadAfter);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Silo {SiloId} (incarnation {Incarnation}) left the cluster")]
    public static partial void Left(this ILogger logger, string siloId, long incarnation);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "Silo {SiloId} could not mark itself leaving; the others drop it once its heartbeat is older than {DeadAfter}")]
    public static partial void LeaveFailed(this ILogger logger, Exception exception, string siloId, TimeSpan deadAfter);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Warning, Message = "Silo {SiloId} incarnation {Incarnation} is no longer active in the membership table (declared dead or superseded); it drops its partitions and rejoins")]
    public static partial void HeartbeatRejected(this ILogger logger, string siloId, long incarnation);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Warning, Message = "Membership round of silo {SiloId} failed; last heartbeat {SinceHeartbeat} ago")]
    public static partial void RoundFailed(this ILogger logger, Exception exception, string siloId, TimeSpan sinceHeartbeat);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Error, Message = "Silo {SiloId} has not heartbeaten for {SinceHeartbeat} (dead after {DeadAfter}): the others consider it dead, so it gives up all its partitions until it can rejoin")]
    public static partial void Isolated(this ILogger logger, string siloId, TimeSpan sinceHeartbeat, TimeSpan deadAfter);
}
