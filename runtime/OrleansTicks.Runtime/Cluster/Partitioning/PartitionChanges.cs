using System.Collections.Immutable;

namespace OrleansTicks.Runtime.Cluster.Partitioning;

/// <summary>How one silo's partitions change with a membership change (<see cref="RendezvousOwnership.Diff"/>).</summary>
/// <param name="Gained">Partitions the silo now owns and starts consuming, ascending.</param>
/// <param name="Lost">Partitions the silo no longer owns and hands over, ascending.</param>
public readonly record struct PartitionChanges(ImmutableArray<int> Gained, ImmutableArray<int> Lost)
{
    /// <summary>Whether nothing changes for the silo.</summary>
    public bool IsEmpty => Gained.IsDefaultOrEmpty && Lost.IsDefaultOrEmpty;
}
