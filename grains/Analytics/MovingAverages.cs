using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Analytics;

/// <summary>Moving averages and Bollinger bands of bar closes, as TA-Lib defines them, each series aligned with the
/// bars (oldest first) and null where fewer than <c>period</c> bars precede. Pure functions.</summary>
public static class MovingAverages
{
    /// <summary>The simple moving average: the mean of the last <paramref name="period"/> closes, summed exactly
    /// in decimal and rounded to double once.</summary>
    /// <exception cref="ArgumentException">The bars are not in ascending time order or a close is not positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is not in 1..<see cref="AnalyticsOptions.MaxPeriod"/>.</exception>
    public static double?[] Sma(IReadOnlyList<Bar> bars, int period)
    {
        CheckPeriod(period, 1);
        return SmaOf(MarketAnalytics.Closes(bars), period);
    }

    /// <summary>The exponential moving average with α = 2 ÷ (<paramref name="period"/> + 1), seeded as TA-Lib
    /// seeds it: the first value, at bar <paramref name="period"/> − 1, is the SMA of the first
    /// <paramref name="period"/> closes; after that ema_i = ema_i−1 + α × (close_i − ema_i−1).</summary>
    /// <exception cref="ArgumentException">The bars are not in ascending time order or a close is not positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is not in 1..<see cref="AnalyticsOptions.MaxPeriod"/>.</exception>
    public static double?[] Ema(IReadOnlyList<Bar> bars, int period)
    {
        CheckPeriod(period, 1);
        return EmaOf(MarketAnalytics.Closes(bars), period);
    }

    /// <summary>Bollinger bands: middle = SMA(<paramref name="period"/>), upper/lower = middle ± <paramref name="k"/>
    /// × the population standard deviation (÷ n) of the same closes.</summary>
    /// <exception cref="ArgumentException">The bars are not in ascending time order or a close is not positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is not in 2..<see cref="AnalyticsOptions.MaxPeriod"/>
    /// or <paramref name="k"/> is not in (0, 10].</exception>
    public static BollingerBands Bollinger(IReadOnlyList<Bar> bars, int period, double k)
    {
        CheckPeriod(period, 2);
        if (!(k > 0 && k <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "k, the bands' distance in standard deviations, must be greater than 0 and at most 10.");
        }

        return BollingerOf(MarketAnalytics.Closes(bars), period, k);
    }

    internal static double?[] SmaOf(decimal[] closes, int period)
    {
        var values = new double?[closes.Length];
        var sum = 0m;
        for (var i = 0; i < closes.Length; i++)
        {
            sum += closes[i];
            if (i >= period)
            {
                sum -= closes[i - period]; // exact in decimal: no drift over a long window
            }

            if (i >= period - 1)
            {
                values[i] = (double)(sum / period);
            }
        }

        return values;
    }

    internal static double?[] EmaOf(decimal[] closes, int period)
    {
        var values = new double?[closes.Length];
        if (closes.Length < period)
        {
            return values;
        }

        var alpha = 2.0 / (period + 1);
        var sum = 0m;
        for (var i = 0; i < period; i++)
        {
            sum += closes[i];
        }

        var ema = (double)(sum / period);
        values[period - 1] = ema;
        for (var i = period; i < closes.Length; i++)
        {
            ema += alpha * ((double)closes[i] - ema); // TA-Lib's form of α × close + (1 − α) × ema
            values[i] = ema;
        }

        return values;
    }

    internal static BollingerBands BollingerOf(decimal[] closes, int period, double k)
    {
        var middle = SmaOf(closes, period);
        var upper = new double?[closes.Length];
        var lower = new double?[closes.Length];
        for (var i = period - 1; i < closes.Length; i++)
        {
            var mean = middle[i]!.Value;
            var squares = 0.0;
            for (var j = i - period + 1; j <= i; j++)
            {
                var deviation = (double)closes[j] - mean;
                squares += deviation * deviation;
            }

            var band = k * Math.Sqrt(squares / period);
            upper[i] = mean + band;
            lower[i] = mean - band;
        }

        return new BollingerBands(period, k, upper, middle, lower);
    }

    private static void CheckPeriod(int period, int minimum)
    {
        if (period < minimum || period > AnalyticsOptions.MaxPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"The period must be between {minimum} and {AnalyticsOptions.MaxPeriod} bars.");
        }
    }
}
