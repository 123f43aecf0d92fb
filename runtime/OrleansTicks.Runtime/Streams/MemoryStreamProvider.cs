using System.Collections.Concurrent;
using OrleansTicks.Runtime.Catalog;

namespace OrleansTicks.Runtime.Streams;

/// <summary>Streams within one process. Each stream keeps a buffer per implicitly subscribed grain class and
/// delivers what has accumulated as one batch per turn of the subscribed grain, in production order.</summary>
internal sealed class MemoryStreamProvider(string name, SiloRuntime runtime, MemoryStreamOptions options) : IStreamProvider
{
    private readonly ConcurrentDictionary<StreamId, object> _streams = new();

    public string Name { get; } = name;

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId.Namespace, nameof(streamId));
        ArgumentException.ThrowIfNullOrEmpty(streamId.Key, nameof(streamId));
        var stream = _streams.GetOrAdd(streamId, static (id, self) => self.CreateStream<T>(id), this);
        return stream as IAsyncStream<T>
            ?? throw new ArgumentException($"Stream {streamId} carries {stream.GetType().GetGenericArguments()[0].Name}, not {typeof(T).Name}.", nameof(streamId));
    }

    private MemoryStream<T> CreateStream<T>(StreamId streamId)
    {
        var subscribers = runtime.Manifest.GetImplicitSubscribers(streamId.Namespace);
        if (subscribers.Count == 0)
        {
            throw new InvalidOperationException($"No grain class has [ImplicitStreamSubscription(\"{streamId.Namespace}\")]: items of stream {streamId} would reach nobody.");
        }

        var queues = new MemoryStreamQueue<T>[subscribers.Count];
        for (var i = 0; i < queues.Length; i++)
        {
            if (!typeof(IAsyncBatchObserver<T>).IsAssignableFrom(subscribers[i].ClassType))
            {
                throw new InvalidOperationException($"{subscribers[i].ClassType.Name} subscribes to '{streamId.Namespace}' but does not implement IAsyncBatchObserver<{typeof(T).Name}>.");
            }

            queues[i] = new MemoryStreamQueue<T>(streamId, new GrainId(subscribers[i].GrainType, streamId.Key), subscribers[i], runtime, options.MaxBufferedItems);
        }

        return new MemoryStream<T>(streamId, queues, runtime);
    }
}

/// <summary>A producer handle: fans each batch out to the queue of every subscribed grain class.</summary>
internal sealed class MemoryStream<T>(StreamId streamId, MemoryStreamQueue<T>[] queues, SiloRuntime runtime) : IAsyncStream<T>
{
    public StreamId StreamId { get; } = streamId;

    public ValueTask OnNextAsync(T item, CancellationToken cancellationToken = default)
    {
        if (queues.Length != 1 || runtime.Status == SiloStatus.Stopped)
        {
            return OnNextBatchAsync(new[] { item }, cancellationToken);
        }

        return queues[0].ProduceOneAsync(item, cancellationToken);
    }

    public ValueTask OnNextBatchAsync(ReadOnlyMemory<T> items, CancellationToken cancellationToken = default)
    {
        if (runtime.Status == SiloStatus.Stopped)
        {
            throw new SiloUnavailableException($"The silo has shut down; stream {StreamId} accepts no items.");
        }

        if (items.IsEmpty)
        {
            return default;
        }

        if (queues.Length == 1)
        {
            return queues[0].ProduceAsync(items, cancellationToken);
        }

        return ProduceToAllAsync(items, cancellationToken);
    }

    private async ValueTask ProduceToAllAsync(ReadOnlyMemory<T> items, CancellationToken cancellationToken)
    {
        foreach (var queue in queues)
        {
            await queue.ProduceAsync(items, cancellationToken).ConfigureAwait(false);
        }
    }
}
