using System.Buffers;
using Microsoft.Extensions.Logging;
using OrleansTicks.Runtime.Cluster.Transport;

namespace OrleansTicks.Runtime.Cluster.Streams;

/// <summary>The stream items bound for one partition. Producers append encoded segments to a filling buffer and go on
/// at once; one pump publishes what has gathered as one message and keeps up to <c>window</c> messages awaiting the
/// broker's confirm. A message goes out as soon as the window has room, so an item does not wait for the confirm of
/// the one before (the broker confirms a persistent message only once it is on disk: on a slow disk, waiting for each
/// confirm put the fsync in every trade's path). Once the window is full, what gathers meanwhile becomes the next
/// message (batching that follows the load, with no timer). Messages leave in the order of their items. A failed
/// publish is retried (with backoff) until confirmed: the pump first lets every message in flight settle, then
/// publishes the failed ones again one at a time, in their order, before anything newer. The broker may then hold a
/// message twice, or — when it refused one message but took the next — a message after a newer one; the consumers
/// recognise repeated items (trades by id) and apply them in any order (trades by time and id).
/// A producer waits only when the filling buffer is over its limit (back-pressure when the broker is slow or gone).</summary>
internal sealed class PartitionOutbox
{
    /// <summary>Beyond this many bytes waiting, producers wait for the pump.</summary>
    public const int MaxPendingBytes = 4 * 1024 * 1024;

    private const int InitialBufferBytes = 4096;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private readonly int _partition;
    private readonly int _window;
    private readonly Func<CancellationToken, Task<IPartitionSender>> _publisher;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly ArrayBufferWriter<byte> _scratch = new(InitialBufferBytes);
    private readonly Stack<ArrayBufferWriter<byte>> _spare = new(); // sent and confirmed, for reuse (under the lock)
    private readonly CancellationTokenSource _stopping = new();
    private ArrayBufferWriter<byte> _filling = new(InitialBufferBytes);
    private Task _pump = Task.CompletedTask;
    private bool _pumping;
    private TaskCompletionSource? _space;
    private TaskCompletionSource? _appended; // the pump waits for a confirm or for this, whichever comes first

    /// <param name="partition">The partition the messages go to.</param>
    /// <param name="window">How many messages may await their confirm at once, at least 1.</param>
    /// <param name="publisher">The (shared) publisher, created on first use.</param>
    /// <param name="clock">For the retry backoff.</param>
    /// <param name="logger">Where failed publishes are logged.</param>
    public PartitionOutbox(int partition, int window, Func<CancellationToken, Task<IPartitionSender>> publisher, TimeProvider clock, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _partition = partition;
        _window = window;
        _publisher = publisher;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Encodes <paramref name="items"/> of stream <paramref name="streamNamespace"/>/<paramref name="key"/>
    /// into the next message. Completes at once unless the outbox is over its limit.</summary>
    public ValueTask AppendAsync<T>(string streamNamespace, string key, IStreamBatchCodec<T> codec, ReadOnlySpan<T> items, CancellationToken cancellationToken)
    {
        Task? full = null;
        TaskCompletionSource? appended;
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

            (appended, _appended) = (_appended, null);
        }

        appended?.TrySetResult();
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
        // Oldest first; each message's task tells whether the broker confirmed it (false: the publish failed).
        var inFlight = new Queue<(ArrayBufferWriter<byte> Body, Task<bool> Confirmed)>(_window);
        while (!_stopping.IsCancellationRequested)
        {
            ArrayBufferWriter<byte>? next = null;
            TaskCompletionSource? space = null;
            Task? appended = null;
            lock (_lock)
            {
                if (_filling.WrittenCount > 0 && inFlight.Count < _window)
                {
                    next = _filling;
                    _filling = _spare.Count > 0 ? _spare.Pop() : new ArrayBufferWriter<byte>(InitialBufferBytes);
                    (space, _space) = (_space, null);
                }
                else if (inFlight.Count == 0)
                {
                    _pumping = false;
                    return;
                }
                else if (_filling.WrittenCount == 0 && inFlight.Count < _window)
                {
                    // Room for one more: new items may go before the oldest confirm (with a full window they wait).
                    _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    appended = _appended.Task;
                }
            }

            if (next is not null)
            {
                space?.TrySetResult();
                inFlight.Enqueue((next, await StartPublishAsync(next.WrittenMemory).ConfigureAwait(false)));
                continue;
            }

            // The window is full, or nothing new has gathered: wait for the oldest confirm (or for new items).
            var oldest = inFlight.Peek().Confirmed;
            if (appended is not null && !oldest.IsCompleted)
            {
                await Task.WhenAny(oldest, appended).ConfigureAwait(false);
                if (!oldest.IsCompleted)
                {
                    continue;
                }
            }

            if (await oldest.ConfigureAwait(false))
            {
                Recycle(inFlight.Dequeue().Body);
            }
            else
            {
                await RepublishAsync(inFlight).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A publish failed: lets every message in flight settle, then publishes the failed ones again in their
    /// order, each until confirmed, with a growing pause before every attempt. Nothing newer goes out meanwhile.</summary>
    private async Task RepublishAsync(Queue<(ArrayBufferWriter<byte> Body, Task<bool> Confirmed)> inFlight)
    {
        await Task.WhenAll(inFlight.Select(static m => m.Confirmed)).ConfigureAwait(false);
        while (inFlight.TryDequeue(out var message))
        {
            var confirmed = await message.Confirmed.ConfigureAwait(false);
            var delay = FirstRetry;
            while (!confirmed)
            {
                try
                {
                    await Task.Delay(delay, _clock, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return; // stopping: what is left is lost with the process
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
                confirmed = await (await StartPublishAsync(message.Body.WrittenMemory, delay).ConfigureAwait(false)).ConfigureAwait(false);
            }

            Recycle(message.Body);
        }
    }

    /// <summary>Sends one message; the task returned completes with whether the broker confirmed it (a failure is
    /// logged with <paramref name="retryIn"/>, the pause before the next attempt). Messages leave in the order of the
    /// calls: the publisher takes each in order when it is called, and the publisher itself is awaited first.</summary>
    private async Task<Task<bool>> StartPublishAsync(ReadOnlyMemory<byte> body, TimeSpan? retryIn = null)
    {
        IPartitionSender sender;
        try
        {
            sender = await _publisher(_stopping.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // No channel (the broker is gone, or we are stopping): a failed attempt, tried again.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Task.FromResult(Failed(exception, retryIn));
        }

        return ConfirmAsync(sender.PublishAsync(_partition, body, _stopping.Token), retryIn);
    }

    private async Task<bool> ConfirmAsync(Task publishing, TimeSpan? retryIn)
    {
        try
        {
            await publishing.ConfigureAwait(false);
            return true;
        }
#pragma warning disable CA1031 // The broker or the connection failed in whatever way: retry, never lose the message.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Failed(exception, retryIn);
        }
    }

    private bool Failed(Exception exception, TimeSpan? retryIn)
    {
        if (!(exception is OperationCanceledException && _stopping.IsCancellationRequested))
        {
            TransportLog.StreamPublishFailed(_logger, _partition, exception.Message, retryIn ?? FirstRetry);
        }

        return false;
    }

    private void Recycle(ArrayBufferWriter<byte> body)
    {
        body.ResetWrittenCount();
        if (body.Capacity > MaxPendingBytes)
        {
            return; // a burst's big buffer is not kept
        }

        lock (_lock)
        {
            _spare.Push(body);
        }
    }
}
