namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>How a process runs (<c>Cluster:Mode</c>).</summary>
public enum ClusterMode
{
    /// <summary>One process: every grain is local, streams are in memory (the default, embedded mode).</summary>
    None,

    /// <summary>Silos and api nodes as separate processes over RabbitMQ (calls, streams, observers) and PostgreSQL
    /// (membership, storage).</summary>
    RabbitMq,
}
