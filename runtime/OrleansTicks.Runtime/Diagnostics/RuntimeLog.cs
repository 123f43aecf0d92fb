using Microsoft.Extensions.Logging;

namespace OrleansTicks.Runtime.Diagnostics;

/// <summary>Every log message of the runtime, source generated. Event ids: 1000-1999 runtime core,
/// 2000-2999 streams, 3000-3099 storage (see StorageLog), 3200-3299 cluster membership and ownership (see
/// Cluster/Membership/ClusterLog), 3300-3349 the RabbitMQ partition transport of cluster mode (see
/// Cluster/RabbitMq/RabbitMqLog), 3350-3379 feed leader election (see Cluster/Leadership/LeadershipLog), 3380-3449 the
/// cluster call and stream transport (see Cluster/Transport/TransportLog).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Silo started: {GrainClassCount} grain classes, response timeout {ResponseTimeout}, collection age {CollectionAge}")]
    public static partial void SiloStarted(ILogger logger, int grainClassCount, TimeSpan responseTimeout, TimeSpan collectionAge);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Silo stopping: deactivating {ActivationCount} activations")]
    public static partial void SiloStopping(ILogger logger, int activationCount);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Silo stopped in {Elapsed}")]
    public static partial void SiloStopped(ILogger logger, TimeSpan elapsed);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Silo shutdown timed out after {Timeout}; {Remaining} activations were not deactivated cleanly")]
    public static partial void ShutdownTimedOut(ILogger logger, TimeSpan timeout, int remaining);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "Activation of {GrainId} failed")]
    public static partial void ActivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "OnDeactivateAsync of {GrainId} threw")]
    public static partial void DeactivationCallbackFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Error, Message = "Writing state {StateName} of {GrainId} on deactivation failed")]
    public static partial void DeactivationWriteFailed(ILogger logger, Exception exception, GrainId grainId, string stateName);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Debug, Message = "Deactivated {GrainId}: {Reason}")]
    public static partial void Deactivated(ILogger logger, GrainId grainId, string reason);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "{GrainId} hit a state conflict and is deactivated so that the next call re-reads its state")]
    public static partial void DeactivatingAfterStateConflict(ILogger logger, GrainId grainId);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Call {Method} on {GrainId} timed out after {Timeout}")]
    public static partial void CallTimedOut(ILogger logger, string method, GrainId grainId, TimeSpan timeout);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Error, Message = "A cancellation callback of timed-out call {Method} on {GrainId} threw")]
    public static partial void CancellationCallbackFailed(ILogger logger, Exception exception, string method, GrainId grainId);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Error, Message = "A continuation posted to {GrainId} threw")]
    public static partial void ContinuationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Error, Message = "Timer tick of {GrainId} threw")]
    public static partial void TimerTickFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1040, Level = LogLevel.Debug, Message = "Idle collection deactivated {Count} of {Total} activations")]
    public static partial void IdleCollection(ILogger logger, int count, int total);

    [LoggerMessage(EventId = 1050, Level = LogLevel.Warning, Message = "Observer {ObserverId} failed and is removed")]
    public static partial void ObserverRemoved(ILogger logger, Exception exception, string observerId);

    [LoggerMessage(EventId = 1051, Level = LogLevel.Warning, Message = "A notification of observer {ObserverId} failed")]
    public static partial void ObserverCallFailed(ILogger logger, Exception exception, string observerId);

    [LoggerMessage(EventId = 1060, Level = LogLevel.Error, Message = "A one-way call {Method} on {GrainId} failed")]
    public static partial void OneWayCallFailed(ILogger logger, Exception exception, string method, GrainId grainId);

    // Expected, not an error: a grain keeps a one-way observer's subscription until it expires, so its notifications
    // to an observer that has gone fail until then.
    [LoggerMessage(EventId = 1061, Level = LogLevel.Debug, Message = "A one-way call {Method} to observer {GrainId} was dropped: the observer is gone, and its subscription expires")]
    public static partial void OneWayCallToGoneObserverDropped(ILogger logger, Exception exception, string method, GrainId grainId);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "Delivery of stream {StreamId} to {GrainId} failed; {Count} items were not processed")]
    public static partial void StreamDeliveryFailed(ILogger logger, Exception exception, string streamId, GrainId grainId, int count);
}
