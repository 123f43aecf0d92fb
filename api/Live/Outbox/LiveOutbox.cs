using System.Threading.Channels;
using OrleansTicks.Api.Observability;

namespace OrleansTicks.Api.Live.Outbox;

/// <summary>One live connection's queue of messages and the single loop that sends them, so that a client that reads
/// slowly delays nobody else. The queue is bounded: a client that lets more than the bound pile up has stopped
/// reading, and <see cref="OnOverflow"/> closes it (memory stays bounded). With <paramref name="conflateQuotes"/>, a
/// quote that is still queued is replaced by a newer one of its symbol, as long as nothing of that symbol was queued
/// after it (so each symbol's sequence numbers still only increase).</summary>
internal abstract class LiveOutbox(int bound, bool conflateQuotes, ApiMetrics metrics) : ILiveSubscriber, DeferredWakes.IWakeable
{
    private const int MaxBatch = 64;

    private readonly Lock _lock = new();
    private readonly Queue<Slot> _queue = new();
    private readonly Dictionary<string, Slot> _lastQueued = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private int _holds;
    private bool _closed;
    private Task _loop = Task.CompletedTask;

    /// <summary>Messages that may wait at most.</summary>
    protected int Bound { get; } = bound;

    /// <summary>Messages waiting now.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Starts the sending loop.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    public void Deliver(LiveMessage message)
    {
        if (!Wants(message))
        {
            return;
        }

        var overflow = false;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            if (conflateQuotes && message.Kind == LiveMessageKind.Quote
                && _lastQueued.TryGetValue(message.Symbol!, out var last) && last.Message.Kind == LiveMessageKind.Quote)
            {
                last.Message = message;
                metrics.OnConflated(1);
            }
            else if (_queue.Count >= Bound)
            {
                overflow = true;
                CloseQueue();
            }
            else
            {
                var slot = new Slot(message);
                _queue.Enqueue(slot);
                if (message.Symbol is { } symbol)
                {
                    _lastQueued[symbol] = slot;
                }
            }
        }

        if (overflow)
        {
            // Off the caller's thread: Deliver runs under a symbol watch's lock, and closing a connection is not quick.
            ThreadPool.UnsafeQueueUserWorkItem(static outbox => outbox.OnOverflow(), this, preferLocal: false);
        }
        else if (!DeferredWakes.TryDefer(this))
        {
            Wake();
        }
    }

    /// <summary>Wakes the sending loop (it takes whatever is queued by then).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Holds everything queued from now on until <see cref="Release"/>: a Subscribe answer goes out before
    /// the live messages that follow its snapshot.</summary>
    public void Hold()
    {
        lock (_lock)
        {
            _holds++;
        }
    }

    /// <summary>Ends one <see cref="Hold"/>.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _holds--;
        }

        Wake();
    }

    /// <summary>Stops sending and drops what is queued; waits for the loop to end.</summary>
    public async Task CloseAsync()
    {
        lock (_lock)
        {
            CloseQueue();
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _wake.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Whether the client takes messages like <paramref name="message"/> at all (e.g. <c>/ws</c> sends trades only).</summary>
    protected virtual bool Wants(LiveMessage message) => true;

    /// <summary>Sends <paramref name="batch"/> in order; throws when the connection is gone.</summary>
    protected abstract ValueTask SendAsync(IReadOnlyList<LiveMessage> batch, CancellationToken cancellationToken);

    /// <summary>The client let more than the bound pile up: close it.</summary>
    protected abstract void OnOverflow();

    /// <summary>A send failed (the connection is closing).</summary>
    protected abstract void OnSendFailed(Exception exception);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<LiveMessage>(MaxBatch);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!Take(batch))
                {
                    // Without a token on purpose: a cancellable wait allocates its operation every time (~50,000 waits a
                    // second in the hub latency run), while this one reuses the channel's single waiter. CloseAsync
                    // completes the channel to end the wait instead.
                    if (!await _wake.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
                    {
                        break;
                    }

                    _wake.Reader.TryRead(out _);
                    continue;
                }

                await SendAsync(batch, cancellationToken).ConfigureAwait(false);
                metrics.OnSent(batch.Count);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Closed.
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The connection is gone: stop queueing (a dead connection must not count as a slow reader later).
            lock (_lock)
            {
                CloseQueue();
            }

            OnSendFailed(exception);
        }
    }

    /// <summary>Stops queueing and drops what is queued (call under the lock).</summary>
    private void CloseQueue()
    {
        _closed = true;
        _queue.Clear();
        _lastQueued.Clear();
    }

    private bool Take(List<LiveMessage> batch)
    {
        lock (_lock)
        {
            if (_holds > 0 || _closed)
            {
                return false;
            }

            while (batch.Count < MaxBatch && _queue.TryDequeue(out var slot))
            {
                batch.Add(slot.Message);
                if (slot.Message.Symbol is { } symbol && _lastQueued.TryGetValue(symbol, out var last) && ReferenceEquals(last, slot))
                {
                    _lastQueued.Remove(symbol);
                }
            }

            return batch.Count > 0;
        }
    }

    private sealed class Slot(LiveMessage message)
    {
        public LiveMessage Message { get; set; } = message;
    }
}
