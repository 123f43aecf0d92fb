using OrleansTicks.Api.Contracts;
using OrleansTicks.Api.Live.Outbox;

namespace OrleansTicks.Api.Live.Bridge;

// Conflation (Hub:MaxQuotesPerSecond > 0): quotes, and partial bars of the same minute, leave at most once per window
// of the node's ConflationWindows; one that comes when its kind already left in this window waits as the pending one of
// its kind and is replaced by a newer one (a later quote or partial bar contains the earlier). The timer that starts each
// window sends what is pending for every symbol in one go. Pending updates leave in number order, so a client still sees
// the numbers only increase; a final bar or a revision is never conflated and first pushes out what is pending.
internal sealed partial class SymbolWatch
{
    private readonly ConflationWindows? _windows; // null: no conflation
    private LiveMessage? _pendingQuote;
    private LiveMessage? _pendingPartial;
    private long _lastQuoteWindow = -1;
    private long _lastPartialWindow = -1;

    /// <summary>Sends what is pending once its kind may be sent again; called by the bridge's conflation timer when it
    /// starts a window.</summary>
    public void FlushDue()
    {
        lock (_lock)
        {
            if (_pendingQuote is not null || _pendingPartial is not null)
            {
                DrainPending(force: false);
            }
        }
    }

    /// <summary>Takes a notification in (under the lock): drops what the state already reflects, forwards or holds it.</summary>
    private void Apply(LiveMessage message)
    {
        if (message.Sequence <= _latest)
        {
            return; // reflected by the snapshot, or a renewal overlap
        }

        _latest = message.Sequence;
        if (_windows is null)
        {
            Forward(message);
            return;
        }

        if (!message.IsConflatable)
        {
            DrainPending(force: true);
            Forward(message);
            return;
        }

        if (message.Kind == LiveMessageKind.Quote)
        {
            if (_pendingQuote is not null)
            {
                _metrics.OnConflated(1);
            }

            _pendingQuote = message;
        }
        else
        {
            if (_pendingPartial is { } pending)
            {
                if (((BarMessage)pending.Payload).Bar.Time == ((BarMessage)message.Payload).Bar.Time)
                {
                    _metrics.OnConflated(1);
                }
                else
                {
                    DrainPending(force: true); // an older minute's bar is not contained in this one
                }
            }

            _pendingPartial = message;
        }

        DrainPending(force: false);
    }

    /// <summary>Forwards pending updates in number order while their kind may be sent (always when
    /// <paramref name="force"/>d).</summary>
    private void DrainPending(bool force)
    {
        while (true)
        {
            var next = (_pendingQuote, _pendingPartial) switch
            {
                (null, null) => null,
                ({ } quote, null) => quote,
                (null, { } bar) => bar,
                ({ } quote, { } bar) => quote.Sequence < bar.Sequence ? quote : bar,
            };
            if (next is null)
            {
                return;
            }

            var isQuote = next.Kind == LiveMessageKind.Quote;
            var window = _windows!.Current;
            if (!force && (isQuote ? _lastQuoteWindow : _lastPartialWindow) >= window)
            {
                return;
            }

            if (isQuote)
            {
                _pendingQuote = null;
                _lastQuoteWindow = window;
            }
            else
            {
                _pendingPartial = null;
                _lastPartialWindow = window;
            }

            Forward(next);
        }
    }
}
