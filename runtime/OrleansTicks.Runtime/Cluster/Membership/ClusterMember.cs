namespace OrleansTicks.Runtime.Cluster.Membership;

/// <summary>One row of <c>cluster_members</c>.</summary>
/// <param name="SiloId">The silo's id (<c>Cluster:SiloId</c>).</param>
/// <param name="Incarnation">1 on the first join, +1 on every rejoin of the same id.</param>
/// <param name="Status">The member's status.</param>
/// <param name="HostName">The machine (pod) it runs on, for operators.</param>
/// <param name="ProcessId">Its process id, for operators.</param>
/// <param name="StartedAt">When this incarnation joined, by the database's clock.</param>
/// <param name="HeartbeatAt">Its last heartbeat (or status change), by the database's clock.</param>
public sealed record ClusterMember(
    string SiloId, long Incarnation, MemberStatus Status, string HostName, int ProcessId, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt);
