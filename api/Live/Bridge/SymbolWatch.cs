using OrleansTicks.Api.Contracts;
using OrleansTicks.Api.Live.Outbox;
using OrleansTicks.Api.Observability;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Api.Live.Bridge;

/// <summary>This node's one observer of one symbol, however many clients watch it. It keeps the state it last
/// forwarded (quote, partial bar, sequence number): a client that joins gets its snapshot from that state and joins
/// the fan-out under the same lock, so every message it gets later has a higher number, and none is missed.
/// Notifications that arrive before the first snapshot is applied are held and replayed after it, dropping those
/// the snapshot already reflects. Conflation is in <c>SymbolWatch.Conflation.cs</c>.</summary>
internal sealed partial class SymbolWatch : ISymbolObserver
{
    private readonly Lock _lock = new();
    private readonly List<ILiveSubscriber> _subscribers = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ApiMetrics _metrics;
    private readonly TimeProvider _clock;
    private List<LiveMessage>? _early = []; // non-null until the first snapshot is applied
    private Quote? _quote;
    private ApiBar? _partial; // in the client's form: only that is ever read back
    private long _forwarded; // the number of the last update forwarded
    private long _latest; // the highest number received (pending conflated updates included)
    private int _reservations;
    private long _emptySince;
    private SymbolSnapshot? _gap;
    private long _gapNoticed;

    /// <summary>A watch of <paramref name="symbol"/>; <paramref name="windows"/> are the node's conflation windows, null
    /// when updates are not conflated.</summary>
    public SymbolWatch(string symbol, ConflationWindows? windows, TimeProvider clock, ApiMetrics metrics)
    {
        Symbol = symbol;
        _windows = windows;
        _clock = clock;
        _metrics = metrics;
        _emptySince = clock.GetTimestamp();
    }

    /// <summary>The symbol, upper case.</summary>
    public string Symbol { get; }

    /// <summary>The observer reference grains call (set once it is made).</summary>
    public ISymbolObserver? Reference { get; set; }

    /// <summary>Completes when the first snapshot is applied (faults when the first subscription failed).</summary>
    public Task Ready => _ready.Task;

    /// <summary>The clients watching now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    public void OnUpdate(SymbolUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        Receive(update);
    }

    /// <summary>Applies the answer of the first subscription, then the notifications that overtook it.</summary>
    public void ApplyFirstSnapshot(SymbolSnapshot snapshot)
    {
        lock (_lock)
        {
            _quote = snapshot.Quote;
            _partial = snapshot.Bar is { } bar ? ApiBar.From(bar) : null;
            _forwarded = _latest = snapshot.Sequence;
            var early = _early!;
            _early = null;
            early.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
            foreach (var message in early)
            {
                Apply(message);
            }
        }

        _ready.TrySetResult();
    }

    /// <summary>The first subscription failed: clients waiting for it get <paramref name="error"/>.</summary>
    public void Fail(Exception error) => _ready.TrySetException(error);

    /// <summary>A renewal answered <paramref name="snapshot"/>. Numbers up to it that never arrive mean the symbol grain
    /// lost this observer (it was reactivated): <see cref="CheckGap"/> then forwards the snapshot state.</summary>
    public void OnRenewed(SymbolSnapshot snapshot)
    {
        lock (_lock)
        {
            if (snapshot.Sequence > _latest && _gap is null)
            {
                _gap = snapshot;
                _gapNoticed = _clock.GetTimestamp();
            }
        }
    }

    /// <summary>If a renewal's snapshot is still ahead of everything received after <paramref name="wait"/>, forwards
    /// its quote and bar as fresh messages (older number first); true when it did.</summary>
    public bool CheckGap(TimeSpan wait)
    {
        lock (_lock)
        {
            if (_gap is not { } gap || _clock.GetElapsedTime(_gapNoticed) < wait)
            {
                return false;
            }

            _gap = null;
            if (gap.Sequence <= _latest)
            {
                return false; // the notifications were only slower than the renewal's answer
            }

            DrainPending(force: true);
            var quoteSequence = gap.Quote?.Sequence ?? 0;
            if (gap.Bar is { } bar)
            {
                // The grain publishes a batch's quote before its partial bar; keep the two numbers distinct and in order.
                var barSequence = quoteSequence == gap.Sequence ? gap.Sequence - 1 : gap.Sequence;
                ForwardFromGap(gap.Quote is { } early && quoteSequence < barSequence ? early : null);
                if (barSequence > _forwarded)
                {
                    Forward(LiveMessage.ForBar(new BarMessage(Symbol, ApiBar.From(bar), false, 0, barSequence)));
                }

                ForwardFromGap(quoteSequence > barSequence ? gap.Quote : null);
            }
            else
            {
                ForwardFromGap(gap.Quote);
            }

            _latest = Math.Max(_latest, gap.Sequence);
            return true;
        }
    }

    /// <summary>Adds a client and answers its snapshot: the state last forwarded.</summary>
    public SubscriptionSnapshot Add(ILiveSubscriber subscriber)
    {
        lock (_lock)
        {
            _subscribers.Add(subscriber);
            return TakeSnapshot();
        }
    }

    /// <summary>The snapshot a client that already watches the symbol gets when it subscribes again.</summary>
    public SubscriptionSnapshot Peek()
    {
        lock (_lock)
        {
            return TakeSnapshot();
        }
    }

    /// <summary>Removes a client; answers how many remain.</summary>
    public int Remove(ILiveSubscriber subscriber)
    {
        lock (_lock)
        {
            if (_subscribers.Remove(subscriber) && _subscribers.Count == 0)
            {
                _emptySince = _clock.GetTimestamp();
            }

            return _subscribers.Count;
        }
    }

    /// <summary>A client is on its way in (the bridge lock is held): the watch is not retired meanwhile.</summary>
    public void Reserve()
    {
        lock (_lock)
        {
            _reservations++;
        }
    }

    /// <summary>Ends a <see cref="Reserve"/>.</summary>
    public void Unreserve()
    {
        lock (_lock)
        {
            if (--_reservations == 0 && _subscribers.Count == 0)
            {
                _emptySince = _clock.GetTimestamp();
            }
        }
    }

    /// <summary>True when no client has watched or been on its way for <paramref name="grace"/> (call under the bridge lock).</summary>
    public bool IsIdleFor(TimeSpan grace)
    {
        lock (_lock)
        {
            return _subscribers.Count == 0 && _reservations == 0 && _clock.GetElapsedTime(_emptySince) >= grace;
        }
    }

    private SubscriptionSnapshot TakeSnapshot() =>
        new(Symbol, _quote, _partial, _forwarded);

    /// <summary>Takes in the updates of one grain operation in number order (the quote's number falls among the bars')
    /// under one acquisition of the lock: one per operation, not per update, and a client that joins meanwhile gets
    /// a snapshot from before all of them or after all of them.</summary>
    private void Receive(SymbolUpdate update)
    {
        // The messages are made before the lock is taken: it is held only to apply them.
        var bars = update.Bars;
        var messages = new LiveMessage[bars.Count + (update.Quote is null ? 0 : 1)];
        var next = 0;
        var quotePending = update.Quote is not null;
        for (var i = 0; i < bars.Count; i++)
        {
            if (quotePending && update.Quote!.Sequence < bars[i].Sequence)
            {
                messages[next++] = LiveMessage.ForQuote(update.Quote);
                quotePending = false;
            }

            messages[next++] = LiveMessage.ForBar(bars[i]);
        }

        if (quotePending)
        {
            messages[next] = LiveMessage.ForQuote(update.Quote!);
        }

        LiveNotification.Group(messages); // an idle client's whole batch is usually exactly these: framed once for all

        // Each client gets the notification in one write, after the lock is released: on this thread if it is idle.
        using var wakes = DeferredWakes.Begin(sendNow: true);
        lock (_lock)
        {
            if (_early is not null)
            {
                _early.AddRange(messages);
                return;
            }

            foreach (var message in messages)
            {
                Apply(message);
            }
        }
    }

    private void ForwardFromGap(Quote? quote)
    {
        if (quote is not null && quote.Sequence > _forwarded)
        {
            Forward(LiveMessage.ForQuote(quote));
        }
    }

    /// <summary>Sends to every client and records the state forwarded (call under the lock, in number order).</summary>
    private void Forward(LiveMessage message)
    {
        if (message.Kind == LiveMessageKind.Quote)
        {
            var quote = (Quote)message.Payload;
            message.RepeatsTrade = _quote is { } previous && previous.TradeId == quote.TradeId && previous.Time == quote.Time;
            _quote = quote;
        }
        else
        {
            var bar = (BarMessage)message.Payload;
            if (!bar.Final)
            {
                _partial = bar.Bar;
            }
            else if (_partial is { } partial && partial.Time <= bar.Bar.Time)
            {
                _partial = null; // the partial bar closed
            }
        }

        _forwarded = message.Sequence;
        foreach (var subscriber in _subscribers)
        {
            subscriber.Deliver(message);
        }
    }
}
