using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Analytics;

/// <summary>Statistics of a window of bars, oldest first: volume, VWAP, volatility, trend, moving averages and
/// Bollinger bands (formulas in docs/ANALYTICS.md). Pure functions of their input: no clock, no I/O.</summary>
public static class MarketAnalytics
{
    /// <summary>The trend is flat when the least-squares line moves less than this percentage of the mean close
    /// over the window (0.1%: a tenth of a typical day's range for a large US stock, so a window drifting less is
    /// noise to a reader of the chart).</summary>
    public const double FlatThresholdPercent = 0.1;

    /// <summary>Everything at once, for <c>GET /api/analytics/{symbol}</c>.</summary>
    /// <param name="bars">The window's bars, oldest first, one per interval start.</param>
    /// <param name="interval">The bars' interval: names the report and gives the annualisation factor.</param>
    /// <param name="options">Periods and factors; <see cref="AnalyticsOptions.Default"/> when null.</param>
    /// <param name="symbol">The symbol, copied into the report.</param>
    /// <exception cref="ArgumentException">The bars are not in ascending time order or a close is not positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static AnalyticsReport Analyze(IReadOnlyList<Bar> bars, BarInterval interval, AnalyticsOptions? options = null, string? symbol = null)
    {
        options ??= AnalyticsOptions.Default;
        options.Validate();
        var closes = Closes(bars);
        var times = new DateTime[bars.Count];
        for (var i = 0; i < times.Length; i++)
        {
            times[i] = bars[i].Start;
        }

        var sma = MovingAverages.SmaOf(closes, options.SmaPeriod);
        var ema = MovingAverages.EmaOf(closes, options.EmaPeriod);
        return new AnalyticsReport(
            symbol,
            interval.Name,
            bars.Count == 0 ? null : bars[0].Start,
            bars.Count == 0 ? null : interval.Next(bars[^1].Start),
            bars.Count,
            times,
            Volume(bars),
            Vwap(bars),
            Volatility(closes, options.PeriodsPerYear ?? Annualization.PeriodsPerYear(interval)),
            Trend(closes),
            new MovingAverageSeries(options.SmaPeriod, sma, sma.Length == 0 ? null : sma[^1]),
            new MovingAverageSeries(options.EmaPeriod, ema, ema.Length == 0 ? null : ema[^1]),
            MovingAverages.BollingerOf(closes, options.BollingerPeriod, options.BollingerK));
    }

    /// <summary>Σ volume, exact.</summary>
    public static decimal Volume(IReadOnlyList<Bar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var volume = 0m;
        for (var i = 0; i < bars.Count; i++)
        {
            volume += bars[i].Volume;
        }

        return volume;
    }

    /// <summary>The volume-weighted average price of the window, Σ notional ÷ Σ volume (the bars' exact sums of
    /// price × size, not their closes); null when the volume is zero.</summary>
    public static decimal? Vwap(IReadOnlyList<Bar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var (notional, volume) = (0m, 0m);
        for (var i = 0; i < bars.Count; i++)
        {
            notional += bars[i].Notional;
            volume += bars[i].Volume;
        }

        return volume == 0 ? null : notional / volume;
    }

    /// <summary>Close-to-close volatility: the sample standard deviation (÷ (n − 1)) of the log returns of
    /// consecutive closes, and that × √<paramref name="periodsPerYear"/>.</summary>
    /// <exception cref="ArgumentException">The bars are not in ascending time order or a close is not positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="periodsPerYear"/> is not positive and finite.</exception>
    public static VolatilityStats Volatility(IReadOnlyList<Bar> bars, double periodsPerYear)
    {
        if (!(periodsPerYear > 0 && double.IsFinite(periodsPerYear)))
        {
            throw new ArgumentOutOfRangeException(nameof(periodsPerYear), periodsPerYear, "periodsPerYear must be a positive finite number of bars per year (see Annualization.PeriodsPerYear).");
        }

        return Volatility(Closes(bars), periodsPerYear);
    }

    /// <summary>The least-squares trend of the closes against the bar index (<see cref="TrendStats"/>).</summary>
    /// <exception cref="ArgumentException">The bars are not in ascending time order or a close is not positive.</exception>
    public static TrendStats Trend(IReadOnlyList<Bar> bars) => Trend(Closes(bars));

    /// <summary>The closes, after checking that the bars ascend strictly in time and every close is positive.</summary>
    internal static decimal[] Closes(IReadOnlyList<Bar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var closes = new decimal[bars.Count];
        for (var i = 0; i < closes.Length; i++)
        {
            var bar = bars[i];
            if (i > 0 && bar.Start <= bars[i - 1].Start)
            {
                throw new ArgumentException($"Bars must be oldest first, one per interval: bar {i} starts at {bar.Start:O}, not after bar {i - 1} at {bars[i - 1].Start:O}.", nameof(bars));
            }

            if (bar.Close <= 0)
            {
                throw new ArgumentException($"Bar {i} (starting {bar.Start:O}) has close {bar.Close}; prices must be positive.", nameof(bars));
            }

            closes[i] = bar.Close;
        }

        return closes;
    }

    private static VolatilityStats Volatility(decimal[] closes, double periodsPerYear)
    {
        var returns = Math.Max(closes.Length - 1, 0);
        if (returns < 2)
        {
            return new VolatilityStats(null, null, periodsPerYear, returns);
        }

        // Two passes (mean, then squared deviations): exact enough for returns of 1e-5 where Σr² − (Σr)²/n cancels.
        var logReturns = new double[returns];
        var sum = 0.0;
        for (var i = 0; i < returns; i++)
        {
            logReturns[i] = Math.Log((double)closes[i + 1] / (double)closes[i]);
            sum += logReturns[i];
        }

        var mean = sum / returns;
        var squares = 0.0;
        foreach (var r in logReturns)
        {
            squares += (r - mean) * (r - mean);
        }

        var raw = Math.Sqrt(squares / (returns - 1));
        return new VolatilityStats(raw, raw * Math.Sqrt(periodsPerYear), periodsPerYear, returns);
    }

    private static TrendStats Trend(decimal[] closes)
    {
        var n = closes.Length;
        if (n < 2)
        {
            return new TrendStats(null, null, null, null, null);
        }

        var sum = 0m;
        foreach (var close in closes)
        {
            sum += close;
        }

        // Centred sums: x̄ = (n − 1) / 2; slope = Sxy / Sxx, R² = Sxy² / (Sxx × Syy).
        var meanClose = (double)(sum / n);
        var meanIndex = (n - 1) / 2.0;
        var (sxx, sxy, syy) = (0.0, 0.0, 0.0);
        for (var i = 0; i < n; i++)
        {
            var dx = i - meanIndex;
            var dy = (double)closes[i] - meanClose;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        var slope = sxy / sxx;
        var slopePercent = slope / meanClose * 100;
        var changePercent = slopePercent * (n - 1);
        double? r2 = syy > 0 ? sxy * sxy / (sxx * syy) : null;
        var direction = Math.Abs(changePercent) < FlatThresholdPercent ? TrendDirection.Flat
            : changePercent > 0 ? TrendDirection.Up
            : TrendDirection.Down;
        return new TrendStats(slope, slopePercent, changePercent, r2, direction);
    }
}
