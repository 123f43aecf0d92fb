namespace OrleansTicks.Runtime.Catalog;

/// <summary>The local activations of one stateless worker id. A call goes to an idle activation, else to a new
/// one while fewer than the maximum exist, else to the one with the shortest queue: so at most
/// <see cref="GrainClassInfo.MaxLocalWorkers"/> run at once.</summary>
internal sealed class StatelessWorkerGroup(GrainId grainId, GrainClassInfo classInfo, SiloRuntime runtime)
{
    private readonly Lock _lock = new();
    private readonly List<ActivationData> _activations = [];

    public void Enqueue(IWorkItem item)
    {
        while (true)
        {
            var target = Pick();
            if (target.TryEnqueue(item))
            {
                return;
            }

            Remove(target);
        }
    }

    public ActivationData[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _activations];
        }
    }

    public void Remove(ActivationData activation)
    {
        lock (_lock)
        {
            _activations.Remove(activation);
        }
    }

    private ActivationData Pick()
    {
        lock (_lock)
        {
            ActivationData? shortest = null;
            var shortestLength = int.MaxValue;
            foreach (var activation in _activations)
            {
                var length = activation.QueueLength;
                if (length == 0 && activation.State != ActivationState.Created)
                {
                    return activation;
                }

                if (length < shortestLength)
                {
                    (shortest, shortestLength) = (activation, length);
                }
            }

            if (_activations.Count < classInfo.MaxLocalWorkers)
            {
                var created = new ActivationData(grainId, classInfo, runtime) { WorkerGroup = this };
                _activations.Add(created);
                return created;
            }

            return shortest!;
        }
    }
}
