namespace OrleansTicks.Runtime.Cluster.RabbitMq;

/// <summary>A message for a partition was not confirmed by the broker: it was refused (nack), could not be routed to
/// the partition's queue (returned), or the connection or channel was lost before the confirm arrived. The message
/// may or may not have been stored; publishing it again is safe for consumers that skip duplicates (trades are
/// recognised by trade id).</summary>
public sealed class PartitionPublishException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PartitionPublishException(int partition, string exchange, string reason, Exception? innerException)
        : base($"Publishing to partition {partition} of exchange '{exchange}' was not confirmed: {reason}", innerException)
    {
        Partition = partition;
        Exchange = exchange;
    }

    /// <summary>The partition the message was for.</summary>
    public int Partition { get; }

    /// <summary>The exchange it was published to.</summary>
    public string Exchange { get; }
}
