using OrleansTicks.TestKit.Feeds;

namespace OrleansTicks.Grains.Tests.Feeds.Yahoo;

/// <summary>Charts for the importer's tests: a day's minutes up to the harness's clock.</summary>
internal static class YahooCharts
{
    /// <summary>The first minute of the charts: 14:30 UTC, the US open.</summary>
    public static readonly DateTime Open = new(2026, 11, 20, 14, 30, 0, DateTimeKind.Utc);

    /// <summary><paramref name="count"/> good minutes from <see cref="Open"/> (or <paramref name="from"/>), prices
    /// with four decimals as Yahoo sends them, every shape of bar (rising, falling, flat, zero volume).</summary>
    public static List<ChartMinute> Minutes(int count, DateTime? from = null, int seed = 1)
    {
        var random = new Random(seed);
        var minutes = new List<ChartMinute>(count);
        var price = 180m + seed;
        for (var i = 0; i < count; i++)
        {
            var open = price;
            var close = Math.Round(open + ((decimal)random.Next(-300, 301) / 10_000m * open / 10m), 4);
            var high = Math.Max(open, close) + (i % 3 == 0 ? 0m : Math.Round((decimal)random.Next(0, 500) / 1000m, 4));
            var low = Math.Min(open, close) - (i % 4 == 0 ? 0m : Math.Round((decimal)random.Next(0, 500) / 1000m, 4));
            var volume = i % 7 == 6 ? 0 : random.Next(1, 400_000);
            if (i % 11 == 5)
            {
                close = open;
                high = open;
                low = open; // one price all minute: a single trade
            }

            minutes.Add(ChartMinute.At((from ?? Open).AddMinutes(i), open, high, low, close, volume));
            price = close;
        }

        return minutes;
    }
}
