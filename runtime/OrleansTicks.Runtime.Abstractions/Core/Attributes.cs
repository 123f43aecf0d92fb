namespace OrleansTicks.Runtime;

/// <summary>Names a grain class's grain type, which is part of its <see cref="GrainId"/> and of the keys its
/// persistent state is stored under. Without it the type name is the class name without a <c>Grain</c>
/// suffix, in lower case. Never change it for a grain that has stored state.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class GrainTypeAttribute(string grainType) : Attribute
{
    /// <summary>The grain type name.</summary>
    public string GrainType { get; } = grainType;
}

/// <summary>Marks a grain class as a stateless worker: it has no identity, and calls to it are spread over
/// at most <see cref="MaxLocalWorkers"/> local activations (default: the number of processors).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class StatelessWorkerAttribute : Attribute
{
    /// <summary>Up to the processor count activations.</summary>
    public StatelessWorkerAttribute() => MaxLocalWorkers = Environment.ProcessorCount;

    /// <summary>Up to <paramref name="maxLocalWorkers"/> activations.</summary>
    public StatelessWorkerAttribute(int maxLocalWorkers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLocalWorkers, 1);
        MaxLocalWorkers = maxLocalWorkers;
    }

    /// <summary>The most activations that run at once in one process.</summary>
    public int MaxLocalWorkers { get; }
}

/// <summary>Subscribes every grain of the class implicitly to the streams of a namespace: the stream
/// <c>(namespace, key)</c> is delivered to the grain with that key, activating it if needed. The grain
/// implements <see cref="Streams.IAsyncBatchObserver{T}"/> for the stream's item type.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ImplicitStreamSubscriptionAttribute(string streamNamespace) : Attribute
{
    /// <summary>The stream namespace, for example <c>trades</c>.</summary>
    public string Namespace { get; } = streamNamespace;
}
