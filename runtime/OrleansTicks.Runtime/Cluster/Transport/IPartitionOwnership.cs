namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>Which partitions this silo consumes now (a cluster silo registers it): for status reports.</summary>
public interface IPartitionOwnership
{
    /// <summary>The partitions this silo consumes, ascending.</summary>
    IReadOnlyList<int> OwnedPartitions { get; }
}
