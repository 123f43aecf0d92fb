using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Regeneration;

/// <summary>Generates mock history: a geometric Brownian motion of closes, with highs, lows and volumes drawn around
/// it, that ends exactly at a given price. Deterministic: the same plan, seed and end price give the same bars
/// (the generators are <see cref="Random"/> with an integer seed, whose sequence .NET keeps stable for seeded use).
/// Streams bars without holding the path: a first pass sums the log returns to learn where the path ends, a second
/// replays the same draws scaled so that it ends at the end price.</summary>
public static class HistoryGenerator
{
    /// <summary>Trading days per year and minutes per (US) session: the time unit of volatility, as in analytics.</summary>
    private const double TradingDays = 252;
    private const double SessionMinutes = 390;
    private const double AnnualDrift = 0.05;

    /// <summary>The bars of <paramref name="plan"/>, oldest first, the last closing at <paramref name="endPrice"/>.</summary>
    public static IEnumerable<Bar> Generate(HistoryPlan plan, long seed, decimal endPrice)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(endPrice);
        return GenerateIterator(plan, seed, endPrice);
    }

    /// <summary>The annualised volatility the mock history of <paramref name="symbol"/> has for <paramref name="seed"/>:
    /// 15% to 55%, like most listed stocks.</summary>
    public static double VolatilityOf(string symbol, long seed) => 0.15 + (0.40 * new Random(SeedOf(symbol, seed, 3)).NextDouble());

    private static IEnumerable<Bar> GenerateIterator(HistoryPlan plan, long seed, decimal endPrice)
    {
        var sigma = VolatilityOf(plan.Symbol, seed);
        var detail = new Random(SeedOf(plan.Symbol, seed, 2));
        var dailyVolume = 2_000_000 * Math.Exp(1.2 * Normal(detail));
        var endLogPrice = SumOfLogReturns(plan, sigma, seed);
        var path = new Random(SeedOf(plan.Symbol, seed, 1));
        var end = (double)endPrice;
        var logPrice = 0.0;
        decimal? previousClose = null;
        var emitted = 0L;
        var total = plan.BarCount;
        foreach (var segment in plan.Segments)
        {
            var years = YearsPerBar(segment.Interval);
            var step = sigma * Math.Sqrt(years);
            var drift = (AnnualDrift - (sigma * sigma / 2)) * years;
            for (var start = segment.From; start < segment.To; start = segment.Interval.Next(start))
            {
                var openLog = logPrice;
                logPrice += drift + (step * Normal(path));
                emitted++;
                var close = emitted == total ? endPrice : Price(end * Math.Exp(logPrice - endLogPrice));
                var open = previousClose ?? Price(end * Math.Exp(openLog - endLogPrice));
                var high = Math.Max(Math.Max(open, close), Price((double)Math.Max(open, close) * Math.Exp(Math.Abs(Normal(detail)) * 0.6 * step)));
                var low = Math.Min(Math.Min(open, close), Price((double)Math.Min(open, close) * Math.Exp(-Math.Abs(Normal(detail)) * 0.6 * step)));
                var volume = (decimal)Math.Max(1, Math.Round(dailyVolume * years * TradingDays * Math.Exp(0.5 * Normal(detail))));
                var trades = (long)Math.Max(1, decimal.ToDouble(volume) / (80 + (240 * detail.NextDouble())));
                var typical = Math.Round((high + low + close) / 3, 4);
                // Stored as one bars_1m row at the interval's start, so its trades' times lie in that minute.
                var last = start.AddMinutes(1).AddMilliseconds(-1);
                previousClose = close;
                yield return new Bar
                {
                    Start = start,
                    Open = open,
                    High = high,
                    Low = low,
                    Close = close,
                    Volume = volume,
                    Notional = typical * volume,
                    Trades = trades,
                    FirstTime = start,
                    FirstTradeId = 1,
                    LastTime = last,
                    LastTradeId = trades,
                };
            }
        }
    }

    /// <summary>The path's final log price relative to its start, drawing exactly what the second pass draws.</summary>
    private static double SumOfLogReturns(HistoryPlan plan, double sigma, long seed)
    {
        var path = new Random(SeedOf(plan.Symbol, seed, 1));
        var logPrice = 0.0;
        foreach (var segment in plan.Segments)
        {
            var years = YearsPerBar(segment.Interval);
            var step = sigma * Math.Sqrt(years);
            var drift = (AnnualDrift - (sigma * sigma / 2)) * years;
            for (var n = segment.BarCount; n > 0; n--)
            {
                logPrice += drift + (step * Normal(path));
            }
        }

        return logPrice;
    }

    private static double YearsPerBar(BarInterval interval) => interval.Name switch
    {
        "1mo" => 1.0 / 12,
        "1wk" => 1.0 / 52,
        "1d" => 1.0 / TradingDays,
        _ => interval.FixedLength.TotalMinutes / (TradingDays * SessionMinutes),
    };

    /// <summary>Cents above a dollar, hundredths of a cent below it; never below the smallest tick.</summary>
    private static decimal Price(double value)
    {
        var price = Math.Round((decimal)value, value >= 1 ? 2 : 4, MidpointRounding.AwayFromZero);
        return price > 0 ? price : 0.0001m;
    }

    private static double Normal(Random random)
    {
        // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
        var u = 1.0 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }

    /// <summary>A stable seed per (symbol, seed, stream): FNV-1a of the symbol mixed with the seed, never
    /// <see cref="string.GetHashCode()"/>, which differs between processes.</summary>
    internal static int SeedOf(string symbol, long seed, int stream)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in symbol)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        var mixed = (hash ^ ((ulong)seed * 0x9E3779B97F4A7C15UL)) + ((ulong)stream * 0xBF58476D1CE4E5B9UL);
        mixed ^= mixed >> 31;
        return (int)(mixed ^ (mixed >> 32));
    }
}
