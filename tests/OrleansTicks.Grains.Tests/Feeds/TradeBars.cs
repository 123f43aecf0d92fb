using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Tests.Feeds;

/// <summary>Aggregates trades the way the product does: one-minute bars by <see cref="Bar.FromTrade"/> and
/// <see cref="Bar.Merge"/>, then larger intervals by <see cref="BarAggregation"/>.</summary>
internal static class TradeBars
{
    public static BarInterval OneDay { get; } = BarInterval.TryParse("1d", out var day) ? day.Value : throw new InvalidOperationException("No 1d interval.");

    public static List<Bar> Aggregate(IEnumerable<Trade> trades, BarInterval interval)
    {
        var minutes = new SortedDictionary<DateTime, Bar>();
        foreach (var trade in trades)
        {
            var minute = trade.Minute;
            var one = Bar.FromTrade(trade, minute);
            minutes[minute] = minutes.TryGetValue(minute, out var bar) ? Bar.Merge(bar, one, minute) : one;
        }

        var oneMinuteBars = minutes.Values.ToList();
        return interval == BarInterval.OneMinute ? oneMinuteBars : BarAggregation.Aggregate(oneMinuteBars, interval);
    }
}
