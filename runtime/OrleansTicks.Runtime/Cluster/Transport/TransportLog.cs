using Microsoft.Extensions.Logging;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>Log events of the cluster call and stream transport; event ids 3380-3449 (see RuntimeLog).</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 3380, Level = LogLevel.Information, Message = "Cluster node {NodeId} connected to RabbitMQ ({Role}); {Partitions} partitions, queue {NodeQueue}")]
    public static partial void Started(ILogger logger, string nodeId, string role, int partitions, string nodeQueue);

    [LoggerMessage(EventId = 3381, Level = LogLevel.Information, Message = "Cluster node {NodeId} stopped its transport")]
    public static partial void Stopped(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 3382, Level = LogLevel.Warning, Message = "A reply to {ReplyTo} could not be sent")]
    public static partial void ReplyFailed(ILogger logger, Exception exception, string replyTo);

    [LoggerMessage(EventId = 3383, Level = LogLevel.Warning, Message = "An incoming call could not be read and was dropped{Answered}")]
    public static partial void BadCall(ILogger logger, Exception exception, string answered);

    [LoggerMessage(EventId = 3384, Level = LogLevel.Warning, Message = "One-way call {Method} to {Target} failed on this node")]
    public static partial void OneWayCallFailed(ILogger logger, Exception exception, string method, string target);

    [LoggerMessage(EventId = 3390, Level = LogLevel.Information, Message = "Partitions gained {Gained}, lost {Lost}; this silo now owns {Owned}")]
    public static partial void OwnershipChanged(ILogger logger, string gained, string lost, string owned);

    [LoggerMessage(EventId = 3391, Level = LogLevel.Information, Message = "Handed partition {Partition} over: acknowledged up to {DeliveryTag}, {Deactivated} activations deactivated")]
    public static partial void HandedOver(ILogger logger, int partition, ulong deliveryTag, int deactivated);

    [LoggerMessage(EventId = 3392, Level = LogLevel.Error, Message = "Starting the consumer of partition {Partition} failed; retrying in {Retry}")]
    public static partial void ConsumerStartFailed(ILogger logger, Exception exception, int partition, TimeSpan retry);

    [LoggerMessage(EventId = 3393, Level = LogLevel.Warning, Message = "Acknowledging partition {Partition} up to {DeliveryTag} failed; the broker redelivers those messages")]
    public static partial void AckFailed(ILogger logger, Exception exception, int partition, ulong deliveryTag);

    [LoggerMessage(EventId = 3395, Level = LogLevel.Warning, Message = "The checkpoint of partition {Partition} failed; its deliveries up to {DeliveryTag} stay unacknowledged until a checkpoint succeeds")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception, int partition, ulong deliveryTag);

    [LoggerMessage(EventId = 3396, Level = LogLevel.Debug, Message = "The checkpoint of partition {Partition} was deferred by a participant still writing; its deliveries up to {DeliveryTag} are acknowledged by a later round")]
    public static partial void CheckpointDeferred(ILogger logger, Exception exception, int partition, ulong deliveryTag);

    [LoggerMessage(EventId = 3394, Level = LogLevel.Warning, Message = "A stream message of partition {Partition} could not be read and was skipped")]
    public static partial void BadStreamMessage(ILogger logger, Exception exception, int partition);

    [LoggerMessage(EventId = 3400, Level = LogLevel.Warning, Message = "Publishing stream items to partition {Partition} failed ({Reason}); retrying in {Delay}")]
    public static partial void StreamPublishFailed(ILogger logger, int partition, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Debug, Message = "A fence to {RoutingKey} could not be sent; it is sent again in a second")]
    public static partial void FenceFailed(ILogger logger, Exception exception, string routingKey);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Information, Message = "Partition {Partition}: this silo's consumer is the active one; local calls run its grains here")]
    public static partial void PartitionClaimed(ILogger logger, int partition);
}
