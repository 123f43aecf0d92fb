namespace OrleansTicks.Runtime;

/// <summary>Creates grain references and observer references (the Orleans <c>IGrainFactory</c>).</summary>
public interface IGrainFactory
{
    /// <summary>Gets a reference to the grain of interface <typeparamref name="TGrainInterface"/> with
    /// <paramref name="key"/>. No activation happens here: the first call through the reference activates
    /// the grain. References are cheap, location transparent and may be cached.</summary>
    /// <exception cref="ArgumentException">The key is null or empty, or no grain class implements the interface.</exception>
    TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey;

    /// <summary>Creates a reference through which grains can call <paramref name="observer"/>, a local
    /// object. Calls through the reference run one at a time, in order. Keep the reference (and the
    /// object) alive for as long as the observer should receive calls, then call
    /// <see cref="DeleteObjectReference{TObserver}"/>.</summary>
    TObserver CreateObjectReference<TObserver>(TObserver observer)
        where TObserver : class, IGrainObserver;

    /// <summary>Deletes an observer reference made by <see cref="CreateObjectReference{TObserver}"/>: later
    /// calls through it fail with <see cref="ObserverNotAvailableException"/>.</summary>
    void DeleteObjectReference<TObserver>(TObserver reference)
        where TObserver : class, IGrainObserver;
}
