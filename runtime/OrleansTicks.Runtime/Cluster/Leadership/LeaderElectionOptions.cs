namespace OrleansTicks.Runtime.Cluster.Leadership;

/// <summary>Settings of feed leader election (<see cref="PostgresLeaderElection"/>), bound from the section
/// <c>Cluster:Leadership</c>; the connection string is cluster mode's (<c>Cluster:ConnectionString</c>, falling back to
/// <c>ConnectionStrings:Postgres</c>), the same database as membership. Validated at start
/// (<see cref="LeaderElectionOptionsValidator"/>).</summary>
/// <remarks>
/// Timing budget (defaults): a leader killed with SIGKILL has its socket closed by its operating system, so the server
/// ends the session and releases the lock at once, and a contender takes it at its next try: within
/// <see cref="RetryInterval"/> (2 s). A leader that vanishes without closing its socket (node crash, network cut) is
/// dropped by the server after <see cref="SessionTimeout"/> of silence (8 s; <c>idle_session_timeout</c>, backed by TCP
/// keepalives), then taken over within <see cref="RetryInterval"/>: 10 s, under the 15 s the design allows. The leader
/// itself proves it still holds the lock every <see cref="RetryInterval"/> and gives up when a check fails or does
/// not answer within <see cref="CheckTimeout"/>: at most <c>RetryInterval + 2 × CheckTimeout</c> after sending its last
/// successful check, which is less than <see cref="SessionTimeout"/> (at least twice <c>RetryInterval +
/// CheckTimeout</c>), so it has cancelled its work before the server can hand the lock to anyone else.
/// </remarks>
public sealed class LeaderElectionOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cluster:Leadership";

    /// <summary>How often a contender tries to take the lock and a leader checks that it still holds it. Default 2 s.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a lock try or a leader's check may take before it counts as failed (the leader steps down).
    /// Default 1 s.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the server keeps a silent session (and so its lock): the session's
    /// <c>idle_session_timeout</c> (PostgreSQL 14 and later) and its TCP keepalives. Default 8 s; at least twice
    /// <c>RetryInterval + CheckTimeout</c>, so that a leader cut off from the database steps down before the server
    /// lets another silo take over.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>The Npgsql connection string (<c>Cluster:ConnectionString</c>, falling back to
    /// <c>ConnectionStrings:Postgres</c>). Required.</summary>
    public string? ConnectionString { get; set; }
}
