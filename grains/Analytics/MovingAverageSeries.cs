using System.Text.Json.Serialization;

namespace OrleansTicks.Grains.Analytics;

/// <summary>A moving average of the closes, aligned with the window's bars.</summary>
/// <param name="Period">Bars per average.</param>
/// <param name="Values">One value per bar; null for the first <paramref name="Period"/> − 1 bars, which have too
/// little history.</param>
/// <param name="Last">The value at the last bar; null when the window is shorter than the period.</param>
public sealed record MovingAverageSeries(
    [property: JsonPropertyName("period")] int Period,
    [property: JsonPropertyName("values")] IReadOnlyList<double?> Values,
    [property: JsonPropertyName("last")] double? Last);
