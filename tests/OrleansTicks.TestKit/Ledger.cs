using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.TestKit;

/// <summary>A random ledger of trades and the order a feed delivers them in: mostly in time order, with late trades
/// (held back up to <c>maxLate</c>) and duplicates (sent again up to <c>maxRepeat</c> later). Expected bars are
/// computed from the ledger by definition (<see cref="BarsByDefinition"/>), without the product's merge code.</summary>
public sealed class Ledger
{
    private static readonly TimeSpan DefaultMaxLate = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan DefaultMaxRepeat = TimeSpan.FromMinutes(15);

    private Ledger(IReadOnlyList<Trade> trades, IReadOnlyList<LedgerDelivery> schedule)
    {
        Trades = trades;
        Schedule = schedule;
        Delivery = [.. schedule.Select(d => d.Trade)];
    }

    /// <summary>Every distinct trade, in time order.</summary>
    public IReadOnlyList<Trade> Trades { get; }

    /// <summary>What the feed sends: every trade at least once, some late, some twice.</summary>
    public IReadOnlyList<Trade> Delivery { get; }

    /// <summary><see cref="Delivery"/> with the time each is due: a trade's own time, later when it is late or repeated.</summary>
    public IReadOnlyList<LedgerDelivery> Schedule { get; }

    /// <summary>Draws <paramref name="count"/> trades of <paramref name="symbols"/> over <paramref name="span"/> from
    /// <paramref name="start"/>, and their delivery.</summary>
    /// <param name="seed">The seed of everything random: the same seed gives the same ledger.</param>
    /// <param name="symbols">The symbols, drawn uniformly.</param>
    /// <param name="count">How many distinct trades.</param>
    /// <param name="start">The first trade time.</param>
    /// <param name="span">How long the trades run.</param>
    /// <param name="lateShare">The share of trades delivered late.</param>
    /// <param name="duplicateShare">The share of trades delivered a second time.</param>
    /// <param name="maxLate">How late a late trade may come (default 10 minutes).</param>
    /// <param name="maxRepeat">How long after its time a duplicate may come (default 15 minutes).</param>
    /// <param name="newestLast">Whether every symbol's deliveries end with its newest trade: late ones and duplicates
    /// are held back no later than that, so a reader who sees the newest trade applied knows the symbol's delivery is
    /// over (a duplicate of the newest trade itself may still follow it).</param>
    public static Ledger Create(
        int seed,
        string[] symbols,
        int count,
        DateTime start,
        TimeSpan span,
        double lateShare = 0.05,
        double duplicateShare = 0.03,
        TimeSpan? maxLate = null,
        TimeSpan? maxRepeat = null,
        bool newestLast = false)
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
        var lateSeconds = (maxLate ?? DefaultMaxLate).TotalSeconds;
        var repeatSeconds = (maxRepeat ?? DefaultMaxRepeat).TotalSeconds;
        var newest = trades.GroupBy(t => t.Symbol).ToDictionary(g => g.Key, g => (g.Last().Time - start).TotalSeconds);
        double Due(Trade trade, double at) => newestLast ? Math.Min(at, newest[trade.Symbol]) : at;
        var delivery = new List<(double Order, Trade Trade)>(count * 2);
        foreach (var trade in trades)
        {
            var at = (trade.Time - start).TotalSeconds;
            var late = random.NextDouble() < lateShare ? random.NextDouble() * lateSeconds : 0;
            delivery.Add((Due(trade, at + late), trade));
            if (random.NextDouble() < duplicateShare)
            {
                delivery.Add((Due(trade, at + (random.NextDouble() * repeatSeconds)), trade));
            }
        }

        // A stable sort: deliveries due at once keep the order they were drawn in (a symbol's newest trade after the
        // older ones held back to its time).
        return new Ledger(trades, [.. delivery.OrderBy(d => d.Order).Select(d => new LedgerDelivery(start.AddTicks((long)(d.Order * TimeSpan.TicksPerSecond)), d.Trade))]);
    }

    /// <summary>The exact 1-minute bars of the ledger, by symbol, oldest first.</summary>
    public Dictionary<string, List<Bar>> ExpectedBars() => BarsByDefinition.OneMinuteBySymbol(Trades);
}
