namespace OrleansTicks.Runtime.Cluster.Streams;

/// <summary>What a <see cref="PartitionOutbox"/> publishes through (<see cref="RabbitMq.PartitionPublisher"/>): sends
/// one message to a partition, in the order of the calls, and completes when the broker has confirmed it.</summary>
internal interface IPartitionSender
{
    /// <summary>Sends <paramref name="body"/> to <paramref name="partition"/> and waits for the broker's confirm;
    /// throws when the broker refused it or the connection was lost before the confirm.</summary>
    Task PublishAsync(int partition, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default);
}
