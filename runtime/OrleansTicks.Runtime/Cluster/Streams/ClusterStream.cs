using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Streams;

namespace OrleansTicks.Runtime.Cluster.Streams;

/// <summary>A producer handle of a cluster stream: appends to the outbox of the stream's partition.</summary>
internal sealed class ClusterStream<T>(StreamId streamId, PartitionOutbox outbox, IStreamBatchCodec<T> codec, SiloRuntime runtime) : IAsyncStream<T>
{
    public StreamId StreamId { get; } = streamId;

    public ValueTask OnNextAsync(T item, CancellationToken cancellationToken = default) =>
        OnNextBatchAsync(new[] { item }, cancellationToken);

    public ValueTask OnNextBatchAsync(ReadOnlyMemory<T> items, CancellationToken cancellationToken = default)
    {
        if (runtime.Status == SiloStatus.Stopped)
        {
            throw new SiloUnavailableException($"The silo has shut down; stream {StreamId} accepts no items.");
        }

        return items.IsEmpty ? default : outbox.AppendAsync(StreamId.Namespace, StreamId.Key, codec, items.Span, cancellationToken);
    }
}
