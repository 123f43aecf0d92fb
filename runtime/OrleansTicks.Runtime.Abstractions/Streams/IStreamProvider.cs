namespace OrleansTicks.Runtime.Streams;

/// <summary>A stream provider (the Orleans <c>IStreamProvider</c>): in memory in one process, over a
/// message broker in a cluster. Grains obtain one by name with <c>this.GetStreamProvider(name)</c>.</summary>
public interface IStreamProvider
{
    /// <summary>The provider's registered name.</summary>
    string Name { get; }

    /// <summary>Gets a handle for producing to the stream <paramref name="streamId"/>.</summary>
    IAsyncStream<T> GetStream<T>(StreamId streamId);
}

/// <summary>A producer's handle on one stream.</summary>
public interface IAsyncStream<T>
{
    /// <summary>The stream this handle produces to.</summary>
    StreamId StreamId { get; }

    /// <summary>Produces one item.</summary>
    ValueTask OnNextAsync(T item, CancellationToken cancellationToken = default);

    /// <summary>Produces a batch of items, in order. The items are copied before this returns, so the caller
    /// may reuse its buffer. Completes when the provider has accepted the batch; when the consumer is far
    /// behind, that waits for room (back-pressure) rather than dropping items.</summary>
    /// <exception cref="SiloUnavailableException">The silo is shutting down.</exception>
    ValueTask OnNextBatchAsync(ReadOnlyMemory<T> items, CancellationToken cancellationToken = default);
}

/// <summary>Implemented by a grain that is implicitly subscribed (see
/// <see cref="ImplicitStreamSubscriptionAttribute"/>) to streams of items of type <typeparamref name="T"/>.
/// Deliveries are turns of the grain: they never overlap its calls or timer ticks.</summary>
public interface IAsyncBatchObserver<T>
{
    /// <summary>Receives the next batch of the stream. The batch's memory belongs to the runtime and is valid
    /// until the returned task completes: copy what must outlive it.</summary>
    Task OnNextBatchAsync(StreamBatch<T> batch, CancellationToken cancellationToken = default);
}

/// <summary>A batch of consecutive items of one stream.</summary>
/// <param name="StreamId">The stream the items belong to.</param>
/// <param name="Items">The items, in the order they were produced.</param>
/// <param name="FirstSequenceNumber">The stream sequence number of the first item (items are numbered from 0
/// in the order the provider accepted them); item <c>i</c> has <c>FirstSequenceNumber + i</c>.</param>
public readonly record struct StreamBatch<T>(StreamId StreamId, ReadOnlyMemory<T> Items, long FirstSequenceNumber)
{
    /// <summary>The number of items.</summary>
    public int Count => Items.Length;
}
