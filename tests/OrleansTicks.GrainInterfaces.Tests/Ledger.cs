using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.GrainInterfaces.Tests;

/// <summary>Random trade ledgers, and bars computed from them the slow, obvious way — independently of
/// <see cref="Bar.Merge"/> — to check the fast path against.</summary>
internal static class Ledger
{
    public static readonly DateTime Start = new(2026, 3, 2, 14, 30, 0, DateTimeKind.Utc);

    public static List<Trade> Random(int seed, int count, TimeSpan span)
    {
        var random = new Random(seed);
        var trades = new List<Trade>(count);
        for (var i = 0; i < count; i++)
        {
            // Many trades share a timestamp (ties broken by id); prices and sizes have real decimals.
            var time = Start.AddTicks((long)(random.NextDouble() * span.Ticks) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond);
            var price = Math.Round(100m + (decimal)(random.NextDouble() * 20 - 10), 4);
            var size = random.Next(0, 10) == 0 ? 0m : Math.Round((decimal)random.NextDouble() * 500, 3);
            trades.Add(new Trade("TEST", random.NextInt64(1, long.MaxValue), price, size, time));
        }

        return trades;
    }

    /// <summary>The bar of <paramref name="trades"/> (one interval), by definition.</summary>
    public static Bar Expected(IReadOnlyCollection<Trade> trades, DateTime start)
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

    /// <summary>The bars of <paramref name="interval"/> of a ledger, by definition.</summary>
    public static List<Bar> ExpectedBars(IEnumerable<Trade> trades, BarInterval interval) =>
        [.. trades.GroupBy(t => interval.StartOf(t.Time)).OrderBy(g => g.Key).Select(g => Expected([.. g], g.Key))];
}
