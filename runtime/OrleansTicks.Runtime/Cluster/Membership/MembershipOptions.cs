namespace OrleansTicks.Runtime.Cluster.Membership;

/// <summary>Settings of cluster membership (<see cref="MembershipAgent"/>), bound from the section <c>Cluster</c>;
/// the connection string falls back to <c>ConnectionStrings:Postgres</c>. Validated at start
/// (<see cref="MembershipOptionsValidator"/>).</summary>
public sealed class MembershipOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cluster";

    /// <summary>The name under <c>ConnectionStrings</c> used when the section sets no connection string.</summary>
    public const string ConnectionStringName = "Postgres";

    /// <summary>The largest partition count accepted: a partition is a queue and a consumer per silo.</summary>
    public const int MaxPartitions = 4096;

    /// <summary>This silo's id, unique in the cluster and stable across restarts (in Kubernetes the pod name of the
    /// StatefulSet). Required. A restart with the same id rejoins with a higher incarnation.</summary>
    public string? SiloId { get; set; }

    /// <summary>How often the silo heartbeats and re-reads the membership view. Default 2 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A member whose last heartbeat is older than this, by the database's clock, is dead. Default 10 s;
    /// at least twice <see cref="HeartbeatInterval"/>.</summary>
    public TimeSpan DeadAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many partitions the deployment has; fixed for its life (it defines placement). Default 32.</summary>
    public int Partitions { get; set; } = 32;

    /// <summary>The Npgsql connection string of the membership database (<c>Cluster:ConnectionString</c>, falling
    /// back to <c>ConnectionStrings:Postgres</c>). Required.</summary>
    public string? ConnectionString { get; set; }
}
