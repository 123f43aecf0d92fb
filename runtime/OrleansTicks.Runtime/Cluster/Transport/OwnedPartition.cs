using Microsoft.Extensions.Logging;
using OrleansTicks.Runtime.Cluster.RabbitMq;
using RabbitMQ.Client.Exceptions;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>One partition this silo owns: its consumer, and the deliveries handed over but not yet acknowledged.
/// A delivery is acknowledged once its work is done (a call has run and been answered, stream items are in their
/// grains' queues) and every delivery before it is too: acknowledgements go "up to" a tag, so they follow the queue's
/// order. Acknowledging happens in batches, when half the prefetch window is outstanding or on the next tick.</summary>
internal sealed class OwnedPartition : IAsyncDisposable
{
    private readonly Queue<(ulong Tag, Task Done)> _outstanding = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _ackGate = new(1, 1);
    private readonly ILogger _logger;
    private readonly int _ackEvery;
    private PartitionConsumer? _consumer;
    private ulong _acked;

    private OwnedPartition(int partition, int prefetch, ILogger logger)
    {
        Partition = partition;
        _ackEvery = Math.Max(1, prefetch / 2);
        _logger = logger;
    }

    public int Partition { get; }

    public static async Task<OwnedPartition> StartAsync(ClusterTransport transport, int partition, int prefetch, IPartitionStreamSink? streams,
        ILogger logger, CancellationToken cancellationToken)
    {
        var owned = new OwnedPartition(partition, prefetch, logger);
        owned._consumer = await PartitionConsumer.StartAsync(transport.Connection, transport.Topology, partition, (ushort)prefetch,
            (delivery, token) => owned.HandleAsync(delivery, transport.Incoming, streams, token), logger, cancellationToken).ConfigureAwait(false);
        return owned;
    }

    /// <summary>Acknowledges the deliveries whose work is done, up to the first that is not.</summary>
    public async Task AckCompletedAsync()
    {
        ulong upTo = 0;
        lock (_lock)
        {
            while (_outstanding.TryPeek(out var head) && head.Done.IsCompleted)
            {
                upTo = _outstanding.Dequeue().Tag;
            }
        }

        if (upTo > 0)
        {
            await AckAsync(upTo).ConfigureAwait(false);
        }
    }

    /// <summary>Hands the partition over: stops deliveries, waits for the work of those handed over, runs
    /// <paramref name="checkpoint"/> (the partition's activations write their state), acknowledges everything handed
    /// over, and cancels the consumer so that the next owner's consumer becomes active.</summary>
    /// <returns>The last delivery tag acknowledged.</returns>
    public async Task<ulong> HandOverAsync(Func<Task> checkpoint)
    {
        var last = _consumer is null ? 0 : await _consumer.StopDeliveriesAsync().ConfigureAwait(false);
        Task[] pending;
        lock (_lock)
        {
            pending = [.. _outstanding.Select(o => o.Done)];
            _outstanding.Clear();
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        await checkpoint().ConfigureAwait(false);
        if (last > 0)
        {
            await AckAsync(last).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
        return last;
    }

    public async ValueTask DisposeAsync()
    {
        if (_consumer is not null)
        {
            await _consumer.DisposeAsync().ConfigureAwait(false);
            _consumer = null;
        }
    }

    private async Task HandleAsync(PartitionDelivery delivery, IncomingCalls calls, IPartitionStreamSink? streams, CancellationToken cancellationToken)
    {
        var done = delivery.Properties?.Type == CallChannel.CallType
            ? calls.DispatchAsync(delivery.Properties, delivery.Body.Span)
            : streams?.DeliverAsync(delivery, cancellationToken) ?? Task.CompletedTask;
        int outstanding;
        lock (_lock)
        {
            _outstanding.Enqueue((delivery.DeliveryTag, done));
            outstanding = _outstanding.Count;
        }

        if (outstanding >= _ackEvery)
        {
            // Half the window is unacknowledged: acknowledge what is done before taking more, so the broker never
            // stops sending for want of acknowledgements. Waits for the oldest piece of work when none is done.
            Task oldest;
            lock (_lock)
            {
                oldest = _outstanding.TryPeek(out var head) ? head.Done : Task.CompletedTask;
            }

            await oldest.WaitAsync(cancellationToken).ConfigureAwait(false);
            await AckCompletedAsync().ConfigureAwait(false);
        }
    }

    private async Task AckAsync(ulong upTo)
    {
        await _ackGate.WaitAsync().ConfigureAwait(false);
        try
        {
            // Two callers may have dequeued in either order: acknowledging a tag twice closes the channel, so only
            // ever move forward.
            if (upTo > _acked && _consumer is { } consumer)
            {
                await consumer.AckUpToAsync(upTo).ConfigureAwait(false);
                _acked = upTo;
            }
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            TransportLog.AckFailed(_logger, exception, Partition, upTo);
        }
        finally
        {
            _ackGate.Release();
        }
    }
}
