using System.Text.Json.Serialization;

namespace OrleansTicks.Grains.Analytics;

/// <summary>Statistics of a window of bars (<see cref="MarketAnalytics.Analyze"/>), shaped for
/// <c>GET /api/analytics/{symbol}</c> and the dashboard's overlays: the series are aligned with
/// <see cref="Times"/>. Money that is summed exactly (volume, VWAP) is <c>decimal</c>; statistics that go through
/// logarithms, square roots or repeated weighting are <c>double</c>.</summary>
/// <param name="Symbol">The symbol, when the caller names it.</param>
/// <param name="Interval">The bar interval's wire name (<c>1m</c>, <c>1d</c>, ...).</param>
/// <param name="From">The first bar's start; null for an empty window (a caller that asked for a range may set it).</param>
/// <param name="To">The end of the last bar's interval (exclusive); null for an empty window.</param>
/// <param name="Bars">The number of bars.</param>
/// <param name="Times">The start of every bar, oldest first: the x values of every series.</param>
/// <param name="Volume">Σ volume.</param>
/// <param name="Vwap">Σ notional ÷ Σ volume; null when the volume is zero.</param>
/// <param name="Volatility">Close-to-close volatility.</param>
/// <param name="Trend">The least-squares trend of the closes.</param>
/// <param name="Sma">The simple moving average of the closes.</param>
/// <param name="Ema">The exponential moving average of the closes.</param>
/// <param name="Bollinger">Bollinger bands of the closes.</param>
public sealed record AnalyticsReport(
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("interval")] string Interval,
    [property: JsonPropertyName("from")] DateTime? From,
    [property: JsonPropertyName("to")] DateTime? To,
    [property: JsonPropertyName("bars")] int Bars,
    [property: JsonPropertyName("times")] IReadOnlyList<DateTime> Times,
    [property: JsonPropertyName("volume")] decimal Volume,
    [property: JsonPropertyName("vwap")] decimal? Vwap,
    [property: JsonPropertyName("volatility")] VolatilityStats Volatility,
    [property: JsonPropertyName("trend")] TrendStats Trend,
    [property: JsonPropertyName("sma")] MovingAverageSeries Sma,
    [property: JsonPropertyName("ema")] MovingAverageSeries Ema,
    [property: JsonPropertyName("bollinger")] BollingerBands Bollinger);
