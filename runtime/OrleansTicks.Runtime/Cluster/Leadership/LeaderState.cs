namespace OrleansTicks.Runtime.Cluster.Leadership;

/// <summary>Where a <see cref="PostgresLeaderElection"/> is in its life.</summary>
public enum LeaderState
{
    /// <summary>Not started, or stopped.</summary>
    Stopped,

    /// <summary>Trying to take the role's lock every retry interval; the work does not run.</summary>
    Contending,

    /// <summary>Holding the lock; the work runs.</summary>
    Leading,

    /// <summary>Lost or gave up the lock (or stopping): the work is cancelled and awaited, then the lock released.</summary>
    SteppingDown,
}
