using OrleansTicks.Runtime.Cluster.RabbitMq;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>Where a silo hands the stream messages of the partitions it owns (everything on a partition queue that
/// is not a call): the cluster stream provider, which delivers their items to the subscribed grains here.</summary>
internal interface IPartitionStreamSink
{
    /// <summary>Queues the items of <paramref name="delivery"/> for their grains, in order; the task completes when
    /// they are handed over. A message it cannot read is logged and skipped, never thrown.</summary>
    Task DeliverAsync(PartitionDelivery delivery, CancellationToken cancellationToken);
}
