using System.Collections.Immutable;

namespace OrleansTicks.Runtime.Cluster.Membership;

/// <summary>A change of this silo's membership view, with what it means for this silo's partitions
/// (<see cref="Partitioning.RendezvousOwnership.Diff"/> of the previous view and this one).</summary>
/// <param name="View">The new view.</param>
/// <param name="Gained">Partitions this silo now owns and starts consuming, ascending.</param>
/// <param name="Lost">Partitions this silo no longer owns and hands over, ascending.</param>
/// <param name="Owned">Everything this silo owns in the new view, ascending.</param>
public sealed record MembershipChange(MembershipView View, ImmutableArray<int> Gained, ImmutableArray<int> Lost, ImmutableArray<int> Owned);
