using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Tests.Storage;

/// <summary>Bars for the bar-store tests: hand-made ones and long synthetic series.</summary>
internal static class TestBars
{
    public static readonly DateTime Minute0 = new(2026, 3, 2, 14, 30, 0, DateTimeKind.Utc);

    public static DateTime Minute(int index) => Minute0.AddMinutes(index);

    /// <summary>A unique symbol per call, so tests sharing one database never see each other's bars.</summary>
    public static string NewSymbol() => $"T{Guid.NewGuid():N}"[..16].ToUpperInvariant();

    /// <summary>A valid bar of minute <paramref name="index"/>; <paramref name="tag"/> varies its prices and volume so
    /// that two series can be told apart.</summary>
    public static Bar Simple(int index, decimal tag = 1m)
    {
        var price = 100m + (index % 997) / 100m + tag;
        var start = Minute(index);
        return new Bar
        {
            Start = start,
            Open = price,
            High = price + 0.5m,
            Low = price - 0.25m,
            Close = price + 0.125m,
            Volume = tag * 10m + index % 13,
            Notional = price * (tag * 10m + index % 13),
            Trades = 1 + index % 7,
            FirstTime = start.AddMilliseconds(index % 1000),
            FirstTradeId = index * 10L,
            LastTime = start.AddSeconds(59),
            LastTradeId = index * 10L + 5,
        };
    }

    /// <summary><paramref name="count"/> ascending bars, every <paramref name="step"/> minutes from minute
    /// <paramref name="first"/>.</summary>
    public static List<Bar> Series(int first, int count, decimal tag = 1m, int step = 1)
    {
        var bars = new List<Bar>(count);
        for (var i = 0; i < count; i++)
        {
            bars.Add(Simple(first + i * step, tag));
        }

        return bars;
    }

    /// <summary>An order-sensitive checksum of a read: two reads agree only if they hold equal bars in the same order.</summary>
    public static (int Count, long Checksum) Fingerprint(IEnumerable<Bar> bars)
    {
        var count = 0;
        var checksum = 17L;
        foreach (var bar in bars)
        {
            count++;
            checksum = unchecked((checksum * 31) + bar.GetHashCode());
        }

        return (count, checksum);
    }
}
