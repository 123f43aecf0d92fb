using System.Collections.Concurrent;

namespace OrleansTicks.Runtime.Catalog;

/// <summary>The silo's directory of activations: at most one activation per grain id (stateless workers: one
/// pool per id), created on the first work item for the id and removed when it deactivates.</summary>
internal sealed class Catalog(SiloRuntime runtime)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly ConcurrentDictionary<GrainId, StatelessWorkerGroup> _workers = new();

    public int Count => _activations.Count;

    public IEnumerable<ActivationData> AllActivations
    {
        get
        {
            foreach (var activation in _activations.Values)
            {
                yield return activation;
            }

            foreach (var group in _workers.Values)
            {
                foreach (var activation in group.Snapshot())
                {
                    yield return activation;
                }
            }
        }
    }

    /// <summary>Queues <paramref name="item"/> for grain <paramref name="grainId"/> of class
    /// <paramref name="classInfo"/> (null: an observer, which is never created here), activating it if needed.
    /// Returns the activation that took the item, for the caller to cache, or null if the item failed.</summary>
    public ActivationData? Dispatch(GrainId grainId, GrainClassInfo? classInfo, IWorkItem item)
    {
        if (runtime.Status == SiloStatus.Stopped)
        {
            item.Fail(new SiloUnavailableException($"The silo has shut down; the call to {grainId} was not delivered."));
            return null;
        }

        if (classInfo is null)
        {
            if (!_activations.TryGetValue(grainId, out var observer) || !observer.TryEnqueue(item))
            {
                item.Fail(new ObserverNotAvailableException($"Observer {grainId} is not available: its reference was deleted."));
            }

            return null;
        }

        if (classInfo.IsStatelessWorker)
        {
            if (runtime.Status != SiloStatus.Running)
            {
                item.Fail(new SiloUnavailableException($"The silo is shutting down; the call to {grainId} was not delivered."));
                return null;
            }

            _workers.GetOrAdd(grainId, static (id, state) => new StatelessWorkerGroup(id, state.classInfo, state.runtime), (classInfo, runtime)).Enqueue(item);
            return null;
        }

        while (true)
        {
            ActivationData? activation;
            if (runtime.Status == SiloStatus.Running)
            {
                activation = _activations.GetOrAdd(grainId, static (id, state) => new ActivationData(id, state.classInfo, state.runtime), (classInfo, runtime));
            }
            else if (!_activations.TryGetValue(grainId, out activation))
            {
                // Shutting down: existing activations finish their work, but none is created.
                item.Fail(new SiloUnavailableException($"The silo is shutting down; the call to {grainId} was not delivered."));
                return null;
            }

            if (activation.TryEnqueue(item))
            {
                return activation;
            }

            // It retired between lookup and enqueue: make sure it is gone and try again.
            _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(grainId, activation));
        }
    }

    public void Register(ActivationData observer)
    {
        if (!_activations.TryAdd(observer.GrainId, observer))
        {
            throw new InvalidOperationException($"{observer.GrainId} is already registered.");
        }
    }

    public bool TryGet(GrainId grainId, out ActivationData? activation) => _activations.TryGetValue(grainId, out activation);

    public void Remove(ActivationData activation)
    {
        if (activation.WorkerGroup is null)
        {
            _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
        }
    }
}
