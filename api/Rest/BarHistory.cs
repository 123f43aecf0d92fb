using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Storage;
using OrleansTicks.Runtime;

namespace OrleansTicks.Api.Rest;

/// <summary>A symbol's bars over a range: the stored 1-minute bars joined with the ones its symbol grain holds in
/// memory (recently closed bars not yet checkpointed, and the live partial bar), then
/// aggregated to the interval asked for.</summary>
/// <remarks>For a minute both have, the grain's bar is taken, not merged with the stored one: the grain's ring is
/// loaded from storage and every later change of the minute goes through the grain (and from it to storage, at its
/// checkpoints: a stored row may hold part of the live partial bar), so its bar already holds every trade the stored
/// row holds; merging the two would count those trades twice.</remarks>
public sealed class BarHistory(IBarStore store, IGrainFactory grains, TimeProvider clock)
{
    /// <summary>The most bars one answer may hold (search, bars, analytics): a month of 1-minute bars fits.</summary>
    public const int MaxBars = 50_000;

    /// <summary>Now, UTC.</summary>
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The 1-minute bars of <paramref name="symbol"/> starting in [<paramref name="from"/>,
    /// <paramref name="to"/>), oldest first.</summary>
    public async Task<List<Bar>> ReadMinutesAsync(string symbol, DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        var storedTask = store.ReadAsync(symbol, from, to, cancellationToken);
        var recent = await grains.GetGrain<ISymbolGrain>(symbol).GetRecentBarsAsync(from);
        var stored = await storedTask;
        var bars = new List<Bar>(stored.Count + recent.Count);
        var (s, r) = (0, 0);
        while (s < stored.Count || (r < recent.Count && recent[r].Start < to))
        {
            var fromStore = s < stored.Count ? stored[s].Bar : (Bar?)null;
            var fromGrain = r < recent.Count && recent[r].Start < to ? recent[r] : (Bar?)null;
            if (fromGrain is { } live && (fromStore is not { } old || live.Start <= old.Start))
            {
                bars.Add(live);
                r++;
                if (fromStore is { } same && same.Start == live.Start)
                {
                    s++;
                }
            }
            else
            {
                bars.Add(fromStore!.Value);
                s++;
            }
        }

        return bars;
    }

    /// <summary>The bars of <paramref name="interval"/> of <paramref name="symbol"/> starting in
    /// [<paramref name="from"/>, <paramref name="to"/>) (<paramref name="from"/> aligned to the interval by the
    /// caller). Intervals without trades have no bar.</summary>
    public async Task<List<Bar>> ReadAsync(string symbol, BarInterval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        var minutes = await ReadMinutesAsync(symbol, from, to, cancellationToken);
        return interval == BarInterval.OneMinute ? minutes : BarAggregation.Aggregate(minutes, interval);
    }

    /// <summary>How many intervals start in [<paramref name="from"/>, <paramref name="to"/>) when
    /// <paramref name="from"/> is an interval start.</summary>
    public static long CountIntervals(BarInterval interval, DateTime from, DateTime to)
    {
        if (to <= from)
        {
            return 0;
        }

        if (interval.IsMonth)
        {
            var months = ((to.Year - from.Year) * 12L) + to.Month - from.Month;
            return interval.StartOf(to) < to ? months + 1 : months;
        }

        var length = interval.FixedLength.Ticks;
        return ((to - from).Ticks + length - 1) / length;
    }
}
