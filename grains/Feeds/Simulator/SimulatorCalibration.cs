namespace OrleansTicks.Grains.Feeds.Simulator;

/// <summary>The simulator's market model, calibrated from the real daily histories in <c>tests/data/history</c>
/// (Yahoo Finance exports of AAPL, GOOG, INTC and SPY; see docs/FEEDS.md for the figures). A test recomputes the
/// figures from the files and checks these constants against them, so a change of either is caught.</summary>
internal static class SimulatorCalibration
{
    /// <summary>Trading days per year, to annualise daily volatility (√252).</summary>
    public const int TradingDaysPerYear = 252;

    /// <summary>Seconds in a trading day (09:30–16:00). Simulated time is all trading time: a symbol's variance over
    /// one simulated second is its annual variance / (252 × 23,400).</summary>
    public const int TradingSecondsPerDay = 23_400;

    /// <summary>Median annualised volatility of a symbol: the geometric mean of the daily close-to-close log-return
    /// volatility of the single stocks AAPL (0.332), GOOG (0.302) and INTC (0.493), annualised, is 0.367.</summary>
    public const double MedianAnnualVolatility = 0.37;

    /// <summary>Dispersion (standard deviation of the natural log) of per-symbol volatility around the median: the
    /// three stocks' log volatilities have a sample standard deviation of 0.26.</summary>
    public const double VolatilityDispersion = 0.25;

    /// <summary>Floor of a symbol's volatility: the S&amp;P 500 ETF SPY's own (0.203). A constituent is rarely calmer
    /// than the diversified index.</summary>
    public const double MinAnnualVolatility = 0.20;

    /// <summary>Cap of a symbol's volatility (INTC's 0.49 is the highest measured; the cap leaves room for the tail
    /// of the lognormal draw but none for absurd values).</summary>
    public const double MaxAnnualVolatility = 1.0;

    /// <summary>Median starting price: the geometric mean of the four files' median closes (49.5, 295.5, 21.9,
    /// 146.4) is 82.8.</summary>
    public const double MedianStartPrice = 80.0;

    /// <summary>Dispersion (standard deviation of the natural log) of starting prices: the four median closes' log
    /// standard deviation is 1.1; 1.0 gives a spread from about $10 to $600 within two deviations.</summary>
    public const double StartPriceDispersion = 1.0;

    /// <summary>Bounds of a starting price, so that no symbol starts at a price where the cent tick is a large
    /// part of a move, nor at an implausible level.</summary>
    public const double MinStartPrice = 5.0;

    /// <summary>See <see cref="MinStartPrice"/>.</summary>
    public const double MaxStartPrice = 2_000.0;

    /// <summary>Activity of the symbol of rank r (1 = busiest) is proportional to 1 / (r + this offset): a
    /// Zipf–Mandelbrot law. With 503 symbols the 10 busiest carry 23% of the trades and the busiest 3.7%.</summary>
    public const double ActivityRankOffset = 5.0;

    /// <summary>Median daily volume of the four files (AAPL 111 M, GOOG 5.2 M, INTC 58 M, SPY 137 M shares): the
    /// range the simulated universe's daily volumes at the default rate must cover.</summary>
    public const double ReferenceDailyVolume = 46_000_000;
}
