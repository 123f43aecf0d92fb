using Microsoft.Extensions.Logging;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Market;

// Recovery after a crash. The day statistics (the quote's open, high, low, volume, VWAP and previous close) and the
// update sequence are grain state, written every Market:StateSaveInterval apart from the checkpoints that commit bars
// and trade ids. After a crash the saved state can miss trades that were committed after it was written (their
// redeliveries are skipped as duplicates) or hold trades that were not (their redeliveries are applied again), and
// the crashed activation may have published update numbers beyond the saved one. An activation that finds the state
// out of step with the stored checkpoints rebuilds the days from the stored bars, which are exact, and moves its
// update numbers past any the crashed one can have published.
public sealed partial class SymbolGrain
{
    /// <summary>When the state was not last written with everything committed at the stored revision (see
    /// <see cref="SymbolState.CommittedRevision"/>), i.e. the activation before this one crashed: moves the update
    /// sequence ahead and rebuilds <see cref="SymbolState.Today"/> and <see cref="SymbolState.PreviousDay"/> from the
    /// stored bars. Trades applied from now on add to the rebuilt days as usual.</summary>
    private async Task RecoverIfStaleAsync(CancellationToken cancellationToken)
    {
        // A symbol no activation ever wrote or committed is new, not recovering (stored bars of regenerated history
        // must not become its day, nor push its numbers ahead).
        var s = state.State;
        if (s.CommittedRevision == _checkpointRevision || (!state.RecordExists && _checkpointRevision == 0))
        {
            return;
        }

        SkipSequenceAhead();
        await RebuildDaysAsync(cancellationToken);
    }

    /// <summary>An api node drops an update whose number it has seen, so numbers the crashed activation published
    /// after its last save must not come again. They go forward to the microseconds since the Unix epoch: an
    /// activation publishes fewer than one update per microsecond of its life, so this passes every number the one
    /// before published, and stays below 2^53 (a JavaScript client reads it exactly) until the year 2255.</summary>
    private void SkipSequenceAhead()
    {
        var floor = (clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        if (state.State.Sequence < floor)
        {
            state.State.Sequence = floor;
            _stateDirty = true;
        }
    }

    private async Task RebuildDaysAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        // The latest day with trades: the state's, or a later one whose bars were committed after the state was written.
        var latest = s.Today?.Start;
        if (_ring.Newest != DateTime.MinValue && (latest is null || _ring.Newest.Date > latest))
        {
            latest = _ring.Newest.Date;
        }

        if (latest is not { } day)
        {
            return; // nothing was ever applied or stored
        }

        var (today, bars) = await ReadDayAsync(day, cancellationToken);
        var previousDay = s.Today is { } saved && saved.Start < day ? saved.Start : s.PreviousDay?.Start;
        var previous = s.PreviousDay;
        if (previousDay is { } before)
        {
            var (rebuilt, _) = await ReadDayAsync(before, cancellationToken);
            previous = rebuilt ?? previous;
        }

        LogDaysRebuilt(_symbol, day, bars, s.CommittedRevision, _checkpointRevision);
        s.Today = today;
        s.PreviousDay = previous;
        _stateDirty = true;
    }

    /// <summary>The day bar of the stored bars of <paramref name="day"/> (UTC), and how many there were.</summary>
    private async Task<(Bar? Day, int Bars)> ReadDayAsync(DateTime day, CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync(_symbol, day, day.AddDays(1), cancellationToken);
        Bar? merged = null;
        foreach (var bar in stored)
        {
            merged = merged is { } sum ? Bar.Merge(sum, bar.Bar, day) : bar.Bar with { Start = day };
        }

        return (merged, stored.Count);
    }

    [LoggerMessage(EventId = 4024, Level = LogLevel.Information,
        Message = "{Symbol}: rebuilt the statistics of {Day:yyyy-MM-dd} from {Bars} stored bars: the state was written at committed revision {StateRevision}, the store is at {StoredRevision} (the previous activation ended without a final write)")]
    private partial void LogDaysRebuilt(string symbol, DateTime day, int bars, long? stateRevision, long storedRevision);
}
