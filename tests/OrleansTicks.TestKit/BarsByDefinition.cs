using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.TestKit;

/// <summary>Bars computed from trades by definition — sort by (time, trade id), take the first and last, sum —
/// without the product's merge code, so that tests compare the product against something independent of it.</summary>
public static class BarsByDefinition
{
    /// <summary>The bar of <paramref name="trades"/>, all of one interval starting at <paramref name="start"/>.</summary>
    public static Bar Of(IReadOnlyCollection<Trade> trades, DateTime start)
    {
        var ordered = trades.OrderBy(t => t.Time).ThenBy(t => t.TradeId).ToList();
        return new Bar
        {
            Start = start,
            Open = ordered[0].Price,
            High = trades.Max(t => t.Price),
            Low = trades.Min(t => t.Price),
            Close = ordered[^1].Price,
            Volume = trades.Sum(t => t.Size),
            Notional = trades.Sum(t => t.Price * t.Size),
            Trades = trades.Count,
            FirstTime = ordered[0].Time,
            FirstTradeId = ordered[0].TradeId,
            LastTime = ordered[^1].Time,
            LastTradeId = ordered[^1].TradeId,
        };
    }

    /// <summary>The bars of <paramref name="interval"/> of one symbol's trades, oldest first.</summary>
    public static List<Bar> OfInterval(IEnumerable<Trade> trades, BarInterval interval) =>
        [.. trades.GroupBy(t => interval.StartOf(t.Time)).OrderBy(g => g.Key).Select(g => Of([.. g], g.Key))];

    /// <summary>The 1-minute bars of <paramref name="trades"/> per symbol, oldest first.</summary>
    public static Dictionary<string, List<Bar>> OneMinuteBySymbol(IEnumerable<Trade> trades) =>
        trades.GroupBy(t => t.Symbol).ToDictionary(s => s.Key, s => OfInterval(s, BarInterval.OneMinute));
}
