using System.Threading.Channels;
using OrleansTicks.Api.Observability;

namespace OrleansTicks.Api.Live.Outbox;

/// <summary>One live connection's queue of messages and the single loop that sends them, so that a client that reads
/// slowly delays nobody else. The queue is bounded: a client that lets more than the bound pile up has stopped
/// reading, and <see cref="OnOverflow"/> closes it (memory stays bounded). With <paramref name="conflateQuotes"/>, a
/// quote that is still queued is replaced by a newer one of its symbol, as long as nothing of that symbol was queued
/// after it (so each symbol's sequence numbers still only increase). One batch is written at a time, by the loop or, when
/// the connection is idle at the end of a notification, by the notifying thread itself (<see cref="SendNowOrWake"/>).</summary>
internal abstract class LiveOutbox(int bound, bool conflateQuotes, ApiMetrics metrics) : ILiveSubscriber, DeferredWakes.IWakeable
{
    private const int MaxBatch = 64;

    private readonly Lock _lock = new();
    private readonly Queue<Slot> _queue = new();
    private readonly Dictionary<string, Slot> _lastQueued = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly List<LiveMessage> _inlineBatch = new(MaxBatch); // cleared before the next write may begin
    private int _holds;
    private bool _closed;
    private bool _sending; // a batch is being written, by the loop or by a notifying thread
    private (Task Write, List<LiveMessage> Batch)? _unfinished; // a notifying thread's write that did not complete at once: the loop's to finish
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

    /// <summary>Starts the sending loop. It runs on the caller's thread until it first waits (for a wake, with nothing
    /// queued yet), so when Start returns the loop is parked: a first delivery wakes it rather than racing its start
    /// on a pool thread, which could take part of a notification or tick scope as a batch of its own.</summary>
    public void Start() => _loop = RunAsync(_stop.Token);

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

    /// <summary>Writes what is queued on the calling thread when nothing else is writing to the connection, else wakes
    /// the loop. A write into an idle connection completes at once (it only copies into the connection's pipe), and
    /// doing it here saves the loop's wake-up, a thread-pool hop per connection and message: at 1,000 trades/s with 50
    /// watchers per symbol, 50,000 hops a second. A write that does not complete at once (the client reads slowly) is
    /// handed to the loop, so the caller never waits for a client.</summary>
    public void SendNowOrWake()
    {
        var batch = _inlineBatch;
        if (!Take(batch, out var cancellationToken))
        {
            Wake();
            return;
        }

        ValueTask write;
        try
        {
            write = SendAsync(batch, cancellationToken);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            write = ValueTask.FromException(exception);
        }

        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult(); // consumes it (a ValueTask may be backed by a reusable source)
            var count = batch.Count;
            batch.Clear();
            OnBatchWritten(count, wakeForMore: true);
            return;
        }

        var unfinished = write.AsTask();
        bool closed;
        lock (_lock)
        {
            closed = _closed;
            if (!closed)
            {
                _unfinished = (unfinished, batch);
            }
        }

        if (closed)
        {
            Observe(unfinished); // closing raced this write: nobody is left to finish it
        }
        else
        {
            Wake();
        }
    }

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
        if (TakeUnfinished() is var (write, _))
        {
            Observe(write); // handed over after the loop ended; cancelled with it
        }

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
                if (TakeUnfinished() is var (write, written))
                {
                    await write.ConfigureAwait(false);
                    var count = written.Count;
                    written.Clear();
                    OnBatchWritten(count, wakeForMore: false); // the loop goes on to take what came meanwhile
                    continue;
                }

                if (!Take(batch, out _))
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
                OnBatchWritten(batch.Count, wakeForMore: false);
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

    /// <summary>Observes the failure of a write nobody awaits (the connection is closing; its failure changes nothing).</summary>
    private static void Observe(Task write) =>
        write.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Stops queueing and drops what is queued (call under the lock).</summary>
    private void CloseQueue()
    {
        _closed = true;
        _queue.Clear();
        _lastQueued.Clear();
    }

    /// <summary>Takes the next batch and the right to write it (false when held, closed, empty or being written); the
    /// token ends the write when the outbox closes (read here, under the lock, before closing can dispose it).</summary>
    private bool Take(List<LiveMessage> batch, out CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            cancellationToken = default;
            if (_holds > 0 || _closed || _sending)
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

            _sending = batch.Count > 0;
            cancellationToken = _sending ? _stop.Token : default;
            return _sending;
        }
    }

    private (Task Write, List<LiveMessage> Batch)? TakeUnfinished()
    {
        lock (_lock)
        {
            var unfinished = _unfinished;
            _unfinished = null;
            return unfinished;
        }
    }

    /// <summary>Ends a batch's write. After a notifying thread's write, <paramref name="wakeForMore"/> wakes the loop for
    /// what was queued meanwhile: a wake that came during the write found the connection busy and took nothing.</summary>
    private void OnBatchWritten(int count, bool wakeForMore)
    {
        metrics.OnSent(count);
        bool more;
        lock (_lock)
        {
            _sending = false;
            more = _queue.Count > 0;
        }

        if (more && wakeForMore)
        {
            Wake();
        }
    }

    private sealed class Slot(LiveMessage message)
    {
        public LiveMessage Message { get; set; } = message;
    }
}
