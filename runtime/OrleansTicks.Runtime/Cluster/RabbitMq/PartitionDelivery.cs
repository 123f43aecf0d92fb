using RabbitMQ.Client;

namespace OrleansTicks.Runtime.Cluster.RabbitMq;

/// <summary>One message of a partition, as a <see cref="PartitionConsumer"/> hands it to its handler.</summary>
/// <param name="Partition">The partition it came from.</param>
/// <param name="DeliveryTag">The broker's delivery tag on the consumer's channel; acknowledge up to it with
/// <see cref="PartitionConsumer.AckUpToAsync"/>.</param>
/// <param name="Redelivered">Whether the broker delivered it before (to a consumer that did not acknowledge it):
/// its items may have been processed already.</param>
/// <param name="Body">The message's bytes. Valid only until the handler returns (the client reuses the buffer):
/// decode or copy it there.</param>
public readonly record struct PartitionDelivery(int Partition, ulong DeliveryTag, bool Redelivered, ReadOnlyMemory<byte> Body)
{
    /// <summary>The message's properties (type, reply-to, correlation id of a call); null when made by hand.</summary>
    public IReadOnlyBasicProperties? Properties { get; init; }
}
