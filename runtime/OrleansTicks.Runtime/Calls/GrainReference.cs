using OrleansTicks.Runtime.Catalog;

namespace OrleansTicks.Runtime.Calls;

/// <summary>What a grain or observer reference knows: the id it addresses, its interface, and the runtime whose
/// router delivers its calls.</summary>
internal sealed class GrainReference(GrainId grainId, GrainInterfaceInfo interfaceInfo, SiloRuntime runtime)
{
    public GrainId GrainId { get; } = grainId;

    public GrainInterfaceInfo Interface { get; } = interfaceInfo;

    public SiloRuntime Runtime { get; } = runtime;

    /// <summary>The local activation that took the last call, kept by <see cref="LocalCallRouter"/>.</summary>
    public ActivationData? CachedActivation { get; set; }

    public void Send(IWorkItem item) => Runtime.Router.Send(this, item);
}
