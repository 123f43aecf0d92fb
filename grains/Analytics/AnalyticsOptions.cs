using System.Text.Json.Serialization;

namespace OrleansTicks.Grains.Analytics;

/// <summary>The parameters of <see cref="MarketAnalytics.Analyze"/>. Defaults: SMA 20 (the Bollinger middle band,
/// so the two overlays agree), EMA 12 (MACD's fast line, the most quoted EMA), Bollinger 20 bars ± 2σ (Bollinger's
/// own choice).</summary>
public sealed record AnalyticsOptions
{
    /// <summary>The most bars a moving average may span.</summary>
    public const int MaxPeriod = 10_000;

    /// <summary>The defaults.</summary>
    public static AnalyticsOptions Default { get; } = new();

    /// <summary>Bars in the simple moving average (1..<see cref="MaxPeriod"/>).</summary>
    [JsonPropertyName("smaPeriod")]
    public int SmaPeriod { get; init; } = 20;

    /// <summary>Bars in the exponential moving average (1..<see cref="MaxPeriod"/>).</summary>
    [JsonPropertyName("emaPeriod")]
    public int EmaPeriod { get; init; } = 12;

    /// <summary>Bars in the Bollinger bands' window (2..<see cref="MaxPeriod"/>: one bar has no spread).</summary>
    [JsonPropertyName("bollingerPeriod")]
    public int BollingerPeriod { get; init; } = 20;

    /// <summary>Standard deviations between the Bollinger middle band and the outer bands (positive, at most 10).</summary>
    [JsonPropertyName("bollingerK")]
    public double BollingerK { get; init; } = 2.0;

    /// <summary>Bars per year for annualising volatility; null derives it from the interval
    /// (<see cref="Annualization.PeriodsPerYear"/>). Set it for a market with another calendar, e.g. a 24/7 crypto
    /// feed's minute bars: 365 × 1,440 = 525,600.</summary>
    [JsonPropertyName("periodsPerYear")]
    public double? PeriodsPerYear { get; init; }

    /// <summary>Throws unless every setting is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it and the valid range.</exception>
    public void Validate()
    {
        CheckPeriod(SmaPeriod, 1, nameof(SmaPeriod));
        CheckPeriod(EmaPeriod, 1, nameof(EmaPeriod));
        CheckPeriod(BollingerPeriod, 2, nameof(BollingerPeriod));
        if (!(BollingerK > 0 && BollingerK <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(BollingerK), BollingerK, $"AnalyticsOptions.{nameof(BollingerK)} must be greater than 0 and at most 10 (standard deviations).");
        }

        if (PeriodsPerYear is { } periods && !(periods > 0 && double.IsFinite(periods)))
        {
            throw new ArgumentOutOfRangeException(nameof(PeriodsPerYear), periods, $"AnalyticsOptions.{nameof(PeriodsPerYear)} must be a positive finite number of bars per year, or null to derive it from the interval.");
        }
    }

    private static void CheckPeriod(int period, int minimum, string name)
    {
        if (period < minimum || period > MaxPeriod)
        {
            throw new ArgumentOutOfRangeException(name, period, $"AnalyticsOptions.{name} must be between {minimum} and {MaxPeriod} bars.");
        }
    }
}
