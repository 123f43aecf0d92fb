namespace OrleansTicks.Runtime;

/// <summary>The silo has shut down (or is shutting down) and accepts no more calls.</summary>
public sealed class SiloUnavailableException(string message) : InvalidOperationException(message);

/// <summary>A grain could not be activated: its constructor, its state read or <c>OnActivateAsync</c>
/// threw. The inner exception says why. The next call tries a fresh activation.</summary>
public sealed class GrainActivationException(GrainId grainId, Exception innerException)
    : Exception($"Activation of grain {grainId} failed: {innerException.Message}", innerException)
{
    /// <summary>The grain that failed to activate.</summary>
    public GrainId GrainId { get; } = grainId;
}

/// <summary>An observer reference was deleted (or its owner is gone): the call could not be delivered.</summary>
public sealed class ObserverNotAvailableException(string message) : InvalidOperationException(message);
