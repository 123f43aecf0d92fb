using OrleansTicks.Runtime.Catalog;

namespace OrleansTicks.Runtime.Calls;

/// <summary>The silo's <see cref="IGrainFactory"/>.</summary>
internal sealed class GrainFactory(SiloRuntime runtime) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new ArgumentException("A grain key must not be empty.", nameof(key));
        }

        if (runtime.Status == SiloStatus.Stopped)
        {
            throw new SiloUnavailableException($"The silo has shut down; no reference to {typeof(TGrainInterface).Name}/{key} can be made.");
        }

        var info = runtime.Manifest.GetGrainInterface(typeof(TGrainInterface));
        return GrainProxy.Create<TGrainInterface>(new GrainReference(new GrainId(info.Class!.GrainType, key), info, runtime));
    }

    public TObserver CreateObjectReference<TObserver>(TObserver observer)
        where TObserver : class, IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (observer is GrainProxy)
        {
            throw new ArgumentException("The object is already a reference; pass the local observer object itself.", nameof(observer));
        }

        if (runtime.Status == SiloStatus.Stopped)
        {
            throw new SiloUnavailableException("The silo has shut down; no observer reference can be made.");
        }

        var info = runtime.Manifest.GetObserverInterface(typeof(TObserver));
        var id = new GrainId(ObserverGrainType, ObserverKey(runtime.NodeId, Guid.NewGuid()));
        runtime.Catalog.Register(new ActivationData(id, observer, runtime));
        return GrainProxy.Create<TObserver>(new GrainReference(id, info, runtime));
    }

    public void DeleteObjectReference<TObserver>(TObserver reference)
        where TObserver : class, IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference is not GrainProxy { GrainId.Type: ObserverGrainType } proxy)
        {
            throw new ArgumentException("The object is not an observer reference made by CreateObjectReference.", nameof(reference));
        }

        if (runtime.Catalog.TryGet(proxy.GrainId, out var activation))
        {
            activation!.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeleteObjectReference"));
        }
    }

    /// <summary>The grain type of observer references.</summary>
    public const string ObserverGrainType = "$observer";

    /// <summary>Separates the node id from the observer's own id in a cluster observer key.</summary>
    public const char ObserverNodeSeparator = '~';

    /// <summary>The node an observer key names (null: this process, outside a cluster).</summary>
    public static string? ObserverNode(string key) => key.IndexOf(ObserverNodeSeparator, StringComparison.Ordinal) is var at and > 0 ? key[..at] : null;

    private static string ObserverKey(string? nodeId, Guid id) =>
        nodeId is null ? id.ToString("N") : $"{nodeId}{ObserverNodeSeparator}{id:N}";
}
