using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Analytics;

/// <summary>How many bars of an interval make a year, for annualising volatility (σ_year = σ_bar × √periods).
/// US equity conventions, since the listed universe is US stocks (docs/ANALYTICS.md):
/// daily bars 252 (trading days a year), weekly 52, monthly 12; intraday bars count the regular session only,
/// 252 days × 390 minutes (09:30–16:00 ET) ÷ minutes per bar, so a 1-minute σ annualises over 98,280 bars. Volatility
/// is a property of trading time: nights and weekends, when nothing trades, add no bars and no variance. A market
/// that trades around the clock (crypto, the simulator's 24/7 minutes) should pass its own factor in
/// <see cref="AnalyticsOptions.PeriodsPerYear"/>.</summary>
public static class Annualization
{
    /// <summary>Trading days in a US equity year (NYSE: 365 − 104 weekend days − about 9 holidays).</summary>
    public const int TradingDaysPerYear = 252;

    /// <summary>Minutes of the US regular session, 09:30 to 16:00 ET.</summary>
    public const int RegularSessionMinutes = 390;

    /// <summary>Weeks in a year.</summary>
    public const int WeeksPerYear = 52;

    /// <summary>Months in a year.</summary>
    public const int MonthsPerYear = 12;

    /// <summary>Bars of <paramref name="interval"/> per year: 252 × 390 ÷ minutes for intraday intervals
    /// (1m 98,280; 5m 19,656; 15m 6,552; 30m 3,276; 1h 1,638), 252 for 1d, 52 for 1wk, 12 for 1mo.</summary>
    public static double PeriodsPerYear(BarInterval interval)
    {
        if (interval.IsMonth)
        {
            return MonthsPerYear;
        }

        var length = interval.FixedLength;
        if (length >= TimeSpan.FromDays(7))
        {
            return WeeksPerYear * (TimeSpan.FromDays(7) / length);
        }

        if (length >= TimeSpan.FromDays(1))
        {
            return TradingDaysPerYear * (TimeSpan.FromDays(1) / length);
        }

        return TradingDaysPerYear * RegularSessionMinutes / length.TotalMinutes;
    }
}
