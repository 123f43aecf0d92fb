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

}
