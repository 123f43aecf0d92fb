using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Market;

// Publishing updates: each is numbered at once, but observers hear of them once per operation (a batch of trades, a
// tick, a subscriber count): one one-way notification with the quote and the bars the operation changed. In cluster
// mode that is one message and no reply per batch instead of two calls, each with its reply; on the front end one
// wake of each client connection instead of one per update.
public sealed partial class SymbolGrain
{
    // What the current operation has published and not yet sent. Filled only while there are observers, so the
    // bar list is allocated once per notification, and never for an unwatched symbol.
    private Quote? _pendingQuote;
    private List<BarUpdate>? _pendingBars;

    /// <summary>Numbers the next update. Every update gets a number, watched or not, so that the numbers a watcher
    /// sees are contiguous whenever it missed nothing.</summary>
    private long NextSequence()
    {
        _stateDirty = true;
        return ++state.State.Sequence;
    }

    /// <summary>Publishes the quote as a new update (once the symbol has a last trade).</summary>
    private void PublishQuote()
    {
        if (state.State.Last is null)
        {
            return;
        }

        NextSequence();
        if (_observers.Count > 0 && BuildQuote() is { } quote)
        {
            if (_pendingQuote is not null)
            {
                SendUpdate(); // a notification carries one quote: the earlier one goes first, so that none is dropped
            }

            _pendingQuote = quote;
        }
    }

    /// <summary>Publishes a bar change as a new update.</summary>
    private void PublishBar(in Bar bar, bool isFinal, int revision)
    {
        var sequence = NextSequence();
        if (_observers.Count > 0)
        {
            (_pendingBars ??= []).Add(new BarUpdate(_symbol, bar, isFinal, revision, sequence));
        }
    }

    /// <summary>Sends what the operation published, if anything, to every observer as one notification. Called at the
    /// end of each operation that publishes, before it awaits anything.</summary>
    private void SendUpdate()
    {
        if (_pendingQuote is null && _pendingBars is null)
        {
            return;
        }

        var update = new SymbolUpdate(_symbol, _pendingQuote, (IReadOnlyList<BarUpdate>?)_pendingBars ?? []);
        _pendingQuote = null;
        _pendingBars = null; // the list went with the notification: the next one gets its own
        _observers.Notify(o =>
        {
            o.OnUpdate(update);
            return Task.CompletedTask;
        });
    }
}
