using System.Text.Json.Serialization;

namespace OrleansTicks.Grains.Analytics;

/// <summary>Close-to-close volatility: the sample standard deviation (n − 1 in the denominator, as pandas'
/// <c>std()</c>) of the log returns ln(close_i / close_i−1) of consecutive bars.</summary>
/// <param name="Raw">σ per bar; null with fewer than 2 returns (3 bars).</param>
/// <param name="Annualized">σ × √<paramref name="PeriodsPerYear"/>; null when <paramref name="Raw"/> is.</param>
/// <param name="PeriodsPerYear">The annualisation factor used (<see cref="Annualization"/>).</param>
/// <param name="Returns">The number of log returns, bars − 1 (0 for an empty window).</param>
public sealed record VolatilityStats(
    [property: JsonPropertyName("raw")] double? Raw,
    [property: JsonPropertyName("annualized")] double? Annualized,
    [property: JsonPropertyName("periodsPerYear")] double PeriodsPerYear,
    [property: JsonPropertyName("returns")] int Returns);
