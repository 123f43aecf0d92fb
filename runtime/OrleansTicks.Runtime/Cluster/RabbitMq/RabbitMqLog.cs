using Microsoft.Extensions.Logging;

namespace OrleansTicks.Runtime.Cluster.RabbitMq;

/// <summary>Log events of the RabbitMQ partition transport; event ids 3300-3349 (see RuntimeLog).</summary>
internal static partial class RabbitMqLog
{
    [LoggerMessage(EventId = 3300, Level = LogLevel.Warning, Message = "RabbitMQ connection {ClientName} lost: {Reason}; the client reconnects")]
    public static partial void ConnectionLost(ILogger logger, string clientName, string reason);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "RabbitMQ connection {ClientName} recovered")]
    public static partial void ConnectionRecovered(ILogger logger, string clientName);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Error, Message = "A RabbitMQ client callback of {ClientName} threw")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string clientName);

    [LoggerMessage(EventId = 3310, Level = LogLevel.Warning, Message = "Publishing to partition {Partition} of {Exchange} failed: {Reason}")]
    public static partial void PublishFailed(ILogger logger, int partition, string exchange, string reason);

    [LoggerMessage(EventId = 3311, Level = LogLevel.Information, Message = "The publisher's channel to {Exchange} was closed ({Reason}); the next publish opens a new one")]
    public static partial void PublisherChannelClosed(ILogger logger, string exchange, string reason);

    [LoggerMessage(EventId = 3320, Level = LogLevel.Information, Message = "Consuming partition {Partition} from {Queue} (prefetch {Prefetch})")]
    public static partial void ConsumerStarted(ILogger logger, int partition, string queue, ushort prefetch);

    [LoggerMessage(EventId = 3321, Level = LogLevel.Error, Message = "The handler of partition {Partition} threw on delivery {DeliveryTag}; the consumer stops and its unacknowledged deliveries go back to the queue")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, int partition, ulong deliveryTag);

    [LoggerMessage(EventId = 3322, Level = LogLevel.Information, Message = "Stopped consuming partition {Partition}; last delivery handed over {DeliveryTag}")]
    public static partial void ConsumerStopped(ILogger logger, int partition, ulong deliveryTag);

    [LoggerMessage(EventId = 3323, Level = LogLevel.Warning, Message = "The consumer of partition {Partition} was cancelled or its channel closed: {Reason}")]
    public static partial void ConsumerInterrupted(ILogger logger, int partition, string reason);

    [LoggerMessage(EventId = 3324, Level = LogLevel.Warning, Message = "Closing the consumer of partition {Partition} failed")]
    public static partial void ConsumerCloseFailed(ILogger logger, Exception exception, int partition);
}
