using System.Text.Json.Serialization;

namespace OrleansTicks.Grains.Analytics;

/// <summary>Bollinger bands aligned with the window's bars: middle = SMA(period) of the closes, upper/lower =
/// middle ± k × the population standard deviation (divided by n, as TA-Lib's and pandas-ta's <c>BBANDS</c>) of the
/// same closes. Null where fewer than <paramref name="Period"/> bars precede.</summary>
/// <param name="Period">Bars per window.</param>
/// <param name="K">Standard deviations from the middle to an outer band.</param>
/// <param name="Upper">The upper band per bar.</param>
/// <param name="Middle">The middle band per bar.</param>
/// <param name="Lower">The lower band per bar.</param>
public sealed record BollingerBands(
    [property: JsonPropertyName("period")] int Period,
    [property: JsonPropertyName("k")] double K,
    [property: JsonPropertyName("upper")] IReadOnlyList<double?> Upper,
    [property: JsonPropertyName("middle")] IReadOnlyList<double?> Middle,
    [property: JsonPropertyName("lower")] IReadOnlyList<double?> Lower);
