using System.Buffers;
using Microsoft.Extensions.Logging;
using OrleansTicks.Runtime.Cluster.RabbitMq;
using OrleansTicks.Runtime.Cluster.Transport;

namespace OrleansTicks.Runtime.Cluster.Streams;

/// <summary>The stream items bound for one partition. Producers append encoded segments to a filling buffer and go on
/// at once; one pump publishes what has gathered as one message, waits for the broker's confirm, and takes the next,
/// so while a message is in flight the next one grows (batching that follows the load, with no timer). One message in
/// flight per partition keeps the partition's order, also across a failed publish, which is retried (with backoff)
/// until confirmed: the broker may then hold it twice, and the consumers recognise repeated items (trades by id).
/// A producer waits only when the filling buffer is over its limit (back-pressure when the broker is slow or gone).</summary>
internal sealed class PartitionOutbox(int partition, Func<CancellationToken, Task<PartitionPublisher>> publisher, TimeProvider clock, ILogger logger)
{
    /// <summary>Beyond this many bytes waiting, producers wait for the pump.</summary>
    public const int MaxPendingBytes = 4 * 1024 * 1024;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly ArrayBufferWriter<byte> _scratch = new(4096);
    private readonly CancellationTokenSource _stopping = new();
    private ArrayBufferWriter<byte> _filling = new(4096);
    private ArrayBufferWriter<byte> _sending = new(4096);
    private Task _pump = Task.CompletedTask;
    private bool _pumping;
    private TaskCompletionSource? _space;

    /// <summary>Messages confirmed by the broker.</summary>
    public long Published { get; private set; }

    /// <summary>Encodes <paramref name="items"/> of stream <paramref name="streamNamespace"/>/<paramref name="key"/>
    /// into the next message. Completes at once unless the outbox is over its limit.</summary>
    public ValueTask AppendAsync<T>(string streamNamespace, string key, IStreamBatchCodec<T> codec, ReadOnlySpan<T> items, CancellationToken cancellationToken)
    {
        Task? full = null;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            _scratch.ResetWrittenCount();
            codec.Encode(items, _scratch);
            if (_filling.WrittenCount == 0)
            {
                _filling.GetSpan(1)[0] = StreamMessage.Version;
                _filling.Advance(1);
            }

            StreamMessage.WriteSegment(_filling, streamNamespace, key, _scratch.WrittenSpan);
            if (!_pumping)
            {
                _pumping = true;
                _pump = Task.Run(PumpAsync, CancellationToken.None);
            }

            if (_filling.WrittenCount >= MaxPendingBytes)
            {
                _space ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                full = _space.Task;
            }
        }

        return full is null ? default : new ValueTask(full.WaitAsync(cancellationToken));
    }

    /// <summary>Publishes what is waiting, or gives up when <paramref name="cancellationToken"/> fires (what is left is
    /// lost with this process, as anything not yet in the broker is when a silo dies).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        Task pump;
        lock (_lock)
        {
            pump = _pump;
        }

        try
        {
            await pump.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            TaskCompletionSource? space;
            lock (_lock)
            {
                if (_filling.WrittenCount == 0)
                {
                    _pumping = false;
                    return;
                }

                (_filling, _sending) = (_sending, _filling);
                _filling.ResetWrittenCount();
                (space, _space) = (_space, null);
            }

            space?.TrySetResult();
            await PublishUntilConfirmedAsync(_sending.WrittenMemory).ConfigureAwait(false);
        }
    }

    private async Task PublishUntilConfirmedAsync(ReadOnlyMemory<byte> body)
    {
        var delay = FirstRetry;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var sender = await publisher(_stopping.Token).ConfigureAwait(false);
                await sender.PublishAsync(partition, body, _stopping.Token).ConfigureAwait(false);
                Published++;
                return;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The broker or the connection failed in whatever way: retry, never lose the message.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                TransportLog.StreamPublishFailed(logger, partition, exception.Message, delay);
                try
                {
                    await Task.Delay(delay, clock, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
            }
        }
    }
}
