using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Tests.Storage;

/// <summary>Random trades of a few symbols over a few minutes; their bars by definition come from
/// <c>BarsByDefinition</c>, independently of <see cref="Bar.Merge"/>.</summary>
internal static class TradeLedger
{
    public static List<Trade> Random(Random random, IReadOnlyList<string> symbols, int minutes, int count)
    {
        var trades = new List<Trade>(count);
        var ids = new HashSet<long>();
        for (var i = 0; i < count; i++)
        {
            var minute = TestBars.Minute(random.Next(minutes));

            // A third of the trades share one of a few timestamps per minute, so ties on time are broken by id; the
            // rest fall anywhere in the minute, to the 100 ns tick.
            var offset = random.Next(3) == 0
                ? random.Next(4) * TimeSpan.TicksPerSecond * 15
                : random.NextInt64(TimeSpan.TicksPerMinute);
            long id;
            do
            {
                id = random.NextInt64(1, long.MaxValue);
            }
            while (!ids.Add(id));

            var price = Math.Round(100m + (decimal)(random.NextDouble() * 50), random.Next(2, 10));
            var size = random.Next(10) switch
            {
                0 => 0m,
                1 => 0.00000001m * random.Next(1, 1000),
                _ => Math.Round((decimal)random.NextDouble() * 1000, random.Next(0, 8)),
            };
            trades.Add(new Trade(symbols[random.Next(symbols.Count)], id, price, size, minute.AddTicks(offset)));
        }

        return trades;
    }
}
