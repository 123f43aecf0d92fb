using OrleansTicks.Api.Contracts;
using OrleansTicks.Api.Live.Outbox;

namespace OrleansTicks.Api.Live.Bridge;

// Conflation (Hub:MaxQuotesPerSecond > 0): quotes, and partial bars of the same minute, are sent at most that often per
// symbol; one that comes sooner waits as the pending one of its kind and is replaced by a newer one (a later quote or
// partial bar contains the earlier). Pending updates leave in number order, so a client still sees the numbers only
// increase; a final bar or a revision is never conflated and first pushes out what is pending.
internal sealed partial class SymbolWatch
{
    private readonly TimeProvider _clock;
    private readonly long _minTicksBetweenSends; // in TimeProvider timestamp units; 0 = no conflation
    private LiveMessage? _pendingQuote;
    private LiveMessage? _pendingPartial;
    private long _lastQuoteSent = long.MinValue / 2;
    private long _lastPartialSent = long.MinValue / 2;

    /// <summary>Sends what is pending once its kind may be sent again; called by the bridge's conflation timer.</summary>
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
        if (_minTicksBetweenSends == 0)
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
            var now = _clock.GetTimestamp();
            if (!force && now - (isQuote ? _lastQuoteSent : _lastPartialSent) < _minTicksBetweenSends)
            {
                return;
            }

            if (isQuote)
            {
                _pendingQuote = null;
                _lastQuoteSent = now;
            }
            else
            {
                _pendingPartial = null;
                _lastPartialSent = now;
            }

            Forward(next);
        }
    }
}
