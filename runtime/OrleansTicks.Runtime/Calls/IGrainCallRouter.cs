using OrleansTicks.Runtime.Catalog;

namespace OrleansTicks.Runtime.Calls;

/// <summary>Where a call through a reference goes: the transport seam. In one process every grain is local and
/// <see cref="LocalCallRouter"/> hands the call to the catalog. Cluster mode replaces it with a router that sends
/// a call to the silo owning the grain's partition (over RabbitMQ) and only delivers locally what this silo owns.</summary>
internal interface IGrainCallRouter
{
    /// <summary>Delivers <paramref name="item"/> to the grain <paramref name="target"/> addresses; failures are
    /// reported through the item (<see cref="IWorkItem.Fail"/>), never thrown.</summary>
    void Send(GrainReference target, IWorkItem item);
}

/// <summary>Replaces the local router in cluster mode: registered by the cluster transport, asked once by the
/// <see cref="SiloRuntime"/> it serves.</summary>
internal interface IClusterRouting
{
    /// <summary>This node's id (<c>Cluster:SiloId</c>).</summary>
    string NodeId { get; }

    /// <summary>The router of <paramref name="runtime"/>, which sends what this node does not own to the cluster.</summary>
    IGrainCallRouter CreateRouter(SiloRuntime runtime);
}

/// <summary>Delivers every call to the local catalog, via the activation the reference used last when it is still
/// live (skipping the directory lookup).</summary>
internal sealed class LocalCallRouter(Catalog.Catalog catalog) : IGrainCallRouter
{
    public void Send(GrainReference target, IWorkItem item)
    {
        var cached = target.CachedActivation;
        if (cached is not null && cached.TryEnqueue(item))
        {
            return;
        }

        var activation = catalog.Dispatch(target.GrainId, target.Interface.Class, item);
        if (activation is not null)
        {
            target.CachedActivation = activation;
        }
    }
}
