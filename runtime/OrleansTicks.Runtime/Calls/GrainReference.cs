using OrleansTicks.Runtime.Catalog;

namespace OrleansTicks.Runtime.Calls;

/// <summary>What a grain or observer reference knows: the id it addresses and how to reach it. It caches the
/// activation that took its last call, so a call to a live activation skips the directory lookup.</summary>
internal sealed class GrainReference(GrainId grainId, GrainInterfaceInfo interfaceInfo, SiloRuntime runtime)
{
    private ActivationData? _cached;

    public GrainId GrainId { get; } = grainId;

    public GrainInterfaceInfo Interface { get; } = interfaceInfo;

    public SiloRuntime Runtime { get; } = runtime;

    public void Send(IWorkItem item)
    {
        var cached = _cached;
        if (cached is not null && cached.TryEnqueue(item))
        {
            return;
        }

        var activation = Runtime.Catalog.Dispatch(GrainId, Interface.Class, item);
        if (activation is not null)
        {
            _cached = activation;
        }
    }
}
