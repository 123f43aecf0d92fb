namespace OrleansTicks.Runtime.Cluster.Membership;

/// <summary>A member's status in <c>cluster_members.status</c> (stored in lower case).</summary>
public enum MemberStatus
{
    /// <summary>Starting, not yet counted (reserved: a silo joins as <see cref="Active"/> today).</summary>
    Joining,

    /// <summary>Live while its heartbeat is recent; owns partitions.</summary>
    Active,

    /// <summary>Left on purpose; the others drop it at once, without waiting for its heartbeat to age.</summary>
    Leaving,

    /// <summary>Declared dead by another member after its heartbeat went silent; a heartbeat no longer revives it,
    /// only a new join (a new incarnation).</summary>
    Dead,
}
