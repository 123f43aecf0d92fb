namespace OrleansTicks.Grains.Tests.Analytics;

/// <summary>The statistics written the obvious, slow way (LINQ over every window, the textbook forms of each
/// formula), as an independent check of MarketAnalytics and MovingAverages.</summary>
internal static class Naive
{
    public static double SampleStdDev(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => Math.Pow(v - mean, 2)) / (values.Count - 1));
    }

    public static double[] LogReturns(IReadOnlyList<double> closes) =>
        [.. closes.Skip(1).Select((close, i) => Math.Log(close) - Math.Log(closes[i]))];

    public static double?[] Sma(IReadOnlyList<double> closes, int period) =>
        [.. closes.Select((_, i) => i < period - 1 ? (double?)null : closes.Skip(i - period + 1).Take(period).Average())];

    // The textbook form α × close + (1 − α) × previous, seeded with the first full window's mean.
    public static double?[] Ema(IReadOnlyList<double> closes, int period)
    {
        var alpha = 2.0 / (period + 1);
        var result = new double?[closes.Count];
        for (var i = period - 1; i < closes.Count; i++)
        {
            result[i] = i == period - 1 ? closes.Take(period).Average() : (alpha * closes[i]) + ((1 - alpha) * result[i - 1]!.Value);
        }

        return result;
    }

    public static (double? Upper, double? Lower)[] Bollinger(IReadOnlyList<double> closes, int period, double k) =>
    [
        .. closes.Select((_, i) =>
        {
            if (i < period - 1)
            {
                return ((double?)null, (double?)null);
            }

            var window = closes.Skip(i - period + 1).Take(period).ToList();
            var mean = window.Average();
            var sigma = Math.Sqrt(window.Sum(c => (c - mean) * (c - mean)) / period);
            return (mean + (k * sigma), mean - (k * sigma));
        }),
    ];

    // Slope by the textbook formula n Σxy − Σx Σy over n Σx² − (Σx)².
    public static double Slope(IReadOnlyList<double> closes)
    {
        var n = closes.Count;
        var xs = Enumerable.Range(0, n).Select(i => (double)i).ToList();
        var (sx, sy) = (xs.Sum(), closes.Sum());
        var sxy = xs.Zip(closes, (x, y) => x * y).Sum();
        var sxx = xs.Sum(x => x * x);
        return ((n * sxy) - (sx * sy)) / ((n * sxx) - (sx * sx));
    }
}
