namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>What a node of the cluster does.</summary>
public enum ClusterRole
{
    /// <summary>Hosts grains: consumes the partitions it owns and the shared work queue.</summary>
    Silo,

    /// <summary>Hosts no grains (an api node): sends every grain call to the cluster and receives only the calls to
    /// its own observers.</summary>
    Client,
}
