using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Market;

/// <summary>A random ledger of trades and the order a feed delivers them in: mostly in time order, with late trades
/// (held back up to ten minutes) and duplicates (sent again later). Expected bars are computed from the ledger
/// by definition (<see cref="BarsByDefinition"/>), without the product's merge code.</summary>
public sealed class Ledger
{
    private Ledger(IReadOnlyList<Trade> trades, IReadOnlyList<Trade> delivery)
    {
        Trades = trades;
        Delivery = delivery;
    }

    /// <summary>Every distinct trade, in time order.</summary>
    public IReadOnlyList<Trade> Trades { get; }

    /// <summary>What the feed sends: every trade at least once, some late, some twice.</summary>
    public IReadOnlyList<Trade> Delivery { get; }

    public static Ledger Create(int seed, string[] symbols, int count, DateTime start, TimeSpan span, double lateShare = 0.05, double duplicateShare = 0.03)
    {
        var random = new Random(seed);
        var drafts = new List<(string Symbol, DateTime Time, decimal Price, decimal Size)>(count);
        for (var i = 0; i < count; i++)
        {
            var symbol = symbols[random.Next(symbols.Length)];
            // Whole milliseconds, as feeds stamp them; many trades share a timestamp, so ties on time happen.
            var time = start.AddMilliseconds(random.NextInt64((long)span.TotalMilliseconds / 7) * 7);
            var price = Math.Round(50m + ((decimal)random.NextDouble() * 100m), random.Next(2, 7));
            var size = random.Next(10) switch
            {
                0 => 0m,
                1 => Math.Round((decimal)random.NextDouble(), 8),
                _ => random.Next(1, 5_000),
            };
            drafts.Add((symbol, time, price, size));
        }

        // Ids increase with time per symbol, as a feed numbers its prints; equal times keep their draw order.
        var trades = new List<Trade>(count);
        foreach (var group in drafts.OrderBy(d => d.Time).GroupBy(d => d.Symbol))
        {
            var id = 1_000L + random.Next(1_000);
            foreach (var d in group)
            {
                trades.Add(new Trade(d.Symbol, id++, d.Price, d.Size, DateTime.SpecifyKind(d.Time, DateTimeKind.Utc)));
            }
        }

        trades.Sort((a, b) => Trade.CompareByTimeThenId(a.Time.Ticks, a.TradeId, b.Time.Ticks, b.TradeId));
        var delivery = new List<(double Order, Trade Trade)>(count * 2);
        foreach (var trade in trades)
        {
            var at = (trade.Time - start).TotalSeconds;
            var late = random.NextDouble() < lateShare ? random.NextDouble() * 600 : 0;
            delivery.Add((at + late, trade));
            if (random.NextDouble() < duplicateShare)
            {
                delivery.Add((at + (random.NextDouble() * 900), trade));
            }
        }

        return new Ledger(trades, [.. delivery.OrderBy(d => d.Order).Select(d => d.Trade)]);
    }

    /// <summary>The exact 1-minute bars of the ledger, by symbol, oldest first.</summary>
    public Dictionary<string, List<Bar>> ExpectedBars() => BarsByDefinition.OneMinuteBySymbol(Trades);
}
