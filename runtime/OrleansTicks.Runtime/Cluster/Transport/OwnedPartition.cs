using Microsoft.Extensions.Logging;
using OrleansTicks.Runtime.Cluster.RabbitMq;
using OrleansTicks.Runtime.Streams;
using RabbitMQ.Client.Exceptions;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>One partition this silo owns: its consumer, and the deliveries handed over but not yet acknowledged.
/// Checkpoint, then acknowledge: once the work of a run of deliveries is done (a call has run and been answered, stream
/// items are in their grains' queues), the partition's checkpoint participants write their state in a turn queued
/// behind that work, and only then are the deliveries acknowledged, "up to" the last of the run, following the queue's
/// order. So whatever a crash loses was never acknowledged and is delivered again to the next owner, which reads the
/// state the last checkpoint wrote. This happens every checkpoint interval, or at once when half the prefetch window is
/// outstanding (so the broker never stops sending for want of acknowledgements).</summary>
internal sealed class OwnedPartition : IAsyncDisposable
{
    private readonly Queue<(ulong Tag, Task Done)> _outstanding = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _ackGate = new(1, 1);
    private readonly Func<CancellationToken, Task> _checkpoint;
    private readonly TimeSpan _checkpointTimeout;
    private readonly ILogger _logger;
    private readonly int _ackEvery;
    private readonly TaskCompletionSource _active = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PartitionConsumer? _consumer;
    private ulong _done; // every delivery up to this tag has done its work (guarded by _ackGate)
    private ulong _acked;

    private OwnedPartition(int partition, int prefetch, Func<CancellationToken, Task> checkpoint, TimeSpan checkpointTimeout, ILogger logger)
    {
        Partition = partition;
        _ackEvery = Math.Max(1, prefetch / 2);
        _checkpoint = checkpoint;
        _checkpointTimeout = checkpointTimeout;
        _logger = logger;
    }

    public int Partition { get; }

    /// <summary>This consumer's fence: a message only it recognises, which it receives once it is the partition
    /// queue's active consumer (see <see cref="Active"/>).</summary>
    public string FenceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Completes when this consumer has received its own fence. With a single active consumer per queue, a
    /// consumer that has just started may still be a standby behind the previous owner (which has not seen the
    /// membership change yet, or is handing over); the fence comes to whichever consumer is active, so receiving
    /// one's own proves the previous owner is done and this silo alone now runs the partition's grains.</summary>
    public Task Active => _active.Task;

    /// <summary>Starts consuming <paramref name="partition"/>; <paramref name="checkpoint"/> makes the partition's
    /// participants write their state (it runs before every acknowledgement).</summary>
    public static async Task<OwnedPartition> StartAsync(ClusterTransport transport, int partition, int prefetch, IPartitionStreamSink? streams,
        Func<CancellationToken, Task> checkpoint, TimeSpan checkpointTimeout, ILogger logger, CancellationToken cancellationToken)
    {
        var owned = new OwnedPartition(partition, prefetch, checkpoint, checkpointTimeout, logger);
        owned._consumer = await PartitionConsumer.StartAsync(transport.Connection, transport.Topology, partition, (ushort)prefetch,
            (delivery, token) => owned.HandleAsync(delivery, transport.Incoming, streams, token), logger, cancellationToken).ConfigureAwait(false);
        return owned;
    }

    /// <summary>Checkpoints and acknowledges the deliveries whose work is done, up to the first that is not. Never
    /// throws: a failed checkpoint leaves them unacknowledged for the next round.</summary>
    public async Task CheckpointAndAckAsync()
    {
        await _ackGate.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_lock)
            {
                while (_outstanding.TryPeek(out var head) && head.Done.IsCompleted)
                {
                    _done = _outstanding.Dequeue().Tag;
                }
            }

            if (_done <= _acked)
            {
                return;
            }

            using var timeout = new CancellationTokenSource(_checkpointTimeout);
            Task? checkpoint = null;
            try
            {
                checkpoint = _checkpoint(timeout.Token);
                await checkpoint.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever failed, the deliveries stay unacknowledged and the next round tries again.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                if (OnlyDeferred(checkpoint))
                {
                    TransportLog.CheckpointDeferred(_logger, exception, Partition, _done);
                }
                else
                {
                    TransportLog.CheckpointFailed(_logger, exception, Partition, _done);
                }

                return;
            }

            await AckAsync(_done).ConfigureAwait(false);
        }
        finally
        {
            _ackGate.Release();
        }
    }

    /// <summary>Whether every participant that failed <paramref name="checkpoint"/> only deferred (see
    /// <see cref="CheckpointDeferredException"/>): an expected state, not a failure worth a warning.</summary>
    internal static bool OnlyDeferred(Task? checkpoint) =>
        checkpoint?.Exception is { } failed && failed.InnerExceptions.All(static e => e is CheckpointDeferredException);

    /// <summary>Hands the partition over: stops deliveries, waits for the work of those handed over, runs
    /// <paramref name="checkpoint"/> (the partition's activations write their state and go), acknowledges everything
    /// handed over, and cancels the consumer so that the next owner's consumer becomes active.</summary>
    /// <returns>The last delivery tag acknowledged.</returns>
    public async Task<ulong> HandOverAsync(Func<Task> checkpoint)
    {
        var last = _consumer is null ? 0 : await _consumer.StopDeliveriesAsync().ConfigureAwait(false);
        Task[] pending;
        lock (_lock)
        {
            pending = [.. _outstanding.Select(o => o.Done)];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        await _ackGate.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_lock)
            {
                _outstanding.Clear();
            }

            await checkpoint().ConfigureAwait(false);
            if (last > 0)
            {
                await AckAsync(last).ConfigureAwait(false);
            }
        }
        finally
        {
            _ackGate.Release();
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
        var type = delivery.Properties?.Type;
        var isStream = type is not (CallChannel.CallType or CallChannel.FenceType);
        var done = type switch
        {
            CallChannel.CallType => calls.DispatchAsync(delivery.Properties, delivery.Body.Span),
            CallChannel.FenceType => OnFence(delivery.Properties?.MessageId),
            _ => streams?.DeliverAsync(delivery, cancellationToken) ?? Task.CompletedTask,
        };
        int outstanding;
        Task oldest;
        lock (_lock)
        {
            _outstanding.Enqueue((delivery.DeliveryTag, done));
            outstanding = _outstanding.Count;
            oldest = _outstanding.Peek().Done;
        }

        if (isStream)
        {
            // Stream items must reach their grains' buffers in the partition's order: the next message waits until
            // this one's items are all in (at once, unless a grain's buffer is full: back-pressure on the partition).
            await done.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (outstanding >= _ackEvery)
        {
            // Half the window is unacknowledged: checkpoint and acknowledge before taking more (waiting for the oldest
            // piece of work when none is done yet).
            await oldest.WaitAsync(cancellationToken).ConfigureAwait(false);
            await CheckpointAndAckAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A fence: this consumer's own means it is active; another silo's (sent while this one was still active)
    /// is simply acknowledged.</summary>
    private Task OnFence(string? fenceId)
    {
        if (fenceId == FenceId)
        {
            _active.TrySetResult();
        }

        return Task.CompletedTask;
    }

    /// <summary>Acknowledges up to <paramref name="upTo"/>; the caller holds <see cref="_ackGate"/>.</summary>
    private async Task AckAsync(ulong upTo)
    {
        try
        {
            // Acknowledging a tag twice closes the channel: only ever move forward.
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
    }
}
