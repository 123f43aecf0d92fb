using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Benchmarks.Cluster;

/// <summary>Trades as one partition of a crypto feed carries them: 20 symbols, prices with 2-4 decimals, sizes with up
/// to 5, ids rising, times a few milliseconds apart. Seeded, so every run measures the same bytes.</summary>
internal static class TradeBatchSample
{
    private static readonly string[] Symbols =
    [
        "BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "TRXUSDT", "LINKUSDT", "LTCUSDT",
        "DOTUSDT", "AVAXUSDT", "BCHUSDT", "XLMUSDT", "ATOMUSDT", "UNIUSDT", "ETCUSDT", "NEARUSDT", "FILUSDT", "APTUSDT",
    ];

    public static Trade[] Create(int count, int seed, long firstId = 3_000_000_000L)
    {
        var random = new Random(seed);
        var time = new DateTime(2026, 3, 4, 14, 30, 0, DateTimeKind.Utc);
        var trades = new Trade[count];
        for (var i = 0; i < count; i++)
        {
            var symbol = random.Next(Symbols.Length);
            time = time.AddTicks(random.Next(0, 50_000));
            trades[i] = new Trade(
                Symbols[symbol],
                firstId + (i * 7L) + symbol,
                new decimal(random.Next(100, 10_000_000), 0, 0, false, (byte)random.Next(2, 5)),
                new decimal(random.Next(1, 1_000_000), 0, 0, false, 5),
                time);
        }

        return trades;
    }
}
