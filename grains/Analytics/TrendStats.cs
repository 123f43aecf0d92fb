using System.Text.Json.Serialization;

namespace OrleansTicks.Grains.Analytics;

/// <summary>The least-squares line close = a + slope × i through the closes, i = 0, 1, ... the bar's index in the
/// window. Per bar rather than per unit of time: bars across a night or a weekend are neighbours, as on a chart and
/// as in the returns behind the volatility.</summary>
/// <param name="Slope">Price change per bar; null with fewer than 2 bars.</param>
/// <param name="SlopePercent">The slope in percent of the mean close, per bar.</param>
/// <param name="ChangePercent">The line's change over the window, slope × (bars − 1), in percent of the mean close:
/// what <paramref name="Direction"/> is decided on.</param>
/// <param name="R2">The share of the closes' variance the line explains, 0..1; null when the closes are constant
/// (nothing to explain) or there are fewer than 2 bars.</param>
/// <param name="Direction"><c>flat</c> when |<paramref name="ChangePercent"/>| is below
/// <see cref="MarketAnalytics.FlatThresholdPercent"/>, else <c>up</c> or <c>down</c>; null with fewer than 2 bars.</param>
public sealed record TrendStats(
    [property: JsonPropertyName("slope")] double? Slope,
    [property: JsonPropertyName("slopePercent")] double? SlopePercent,
    [property: JsonPropertyName("changePercent")] double? ChangePercent,
    [property: JsonPropertyName("r2")] double? R2,
    [property: JsonPropertyName("direction")] TrendDirection? Direction);
