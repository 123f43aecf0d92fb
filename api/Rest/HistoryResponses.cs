using System.Text.Json.Serialization;
using OrleansTicks.Api.Contracts;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Api.Rest;

/// <summary>The answer of <c>GET /api/search</c>.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="Period">The period's name.</param>
/// <param name="Interval">The interval's name.</param>
/// <param name="From">The start of the first interval of the period (the period's start, aligned down to the interval).</param>
/// <param name="To">Now: the end of the period.</param>
/// <param name="Bars">The bars, oldest first; the last one is the live partial bar while its interval lasts.</param>
/// <param name="HistoryJobId">Set when the symbol had no history from before the simulated feed started: the regeneration
/// job now generating it (poll <c>GET /api/regenerate/{jobId}</c>, then ask again).</param>
public sealed record SearchResponse(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("interval")] string Interval,
    [property: JsonPropertyName("from")] DateTime From,
    [property: JsonPropertyName("to")] DateTime To,
    [property: JsonPropertyName("bars")] IReadOnlyList<ApiBar> Bars,
    [property: JsonPropertyName("historyJobId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? HistoryJobId = null);

/// <summary>Finnhub's candle shape (<c>format=columnar</c>): one array per field, aligned by index; only
/// <c>s</c> when there is no bar.</summary>
/// <param name="Status"><c>ok</c>, or <c>no_data</c> when there is no bar.</param>
/// <param name="Times">Interval starts, unix seconds.</param>
/// <param name="Open">Opens.</param>
/// <param name="High">Highs.</param>
/// <param name="Low">Lows.</param>
/// <param name="Close">Closes.</param>
/// <param name="Volume">Volumes.</param>
public sealed record ColumnarCandles(
    [property: JsonPropertyName("s")] string Status,
    [property: JsonPropertyName("t"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long[]? Times,
    [property: JsonPropertyName("o"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal[]? Open,
    [property: JsonPropertyName("h"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal[]? High,
    [property: JsonPropertyName("l"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal[]? Low,
    [property: JsonPropertyName("c"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal[]? Close,
    [property: JsonPropertyName("v"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal[]? Volume)
{
    /// <summary>The columns of <paramref name="bars"/>.</summary>
    public static ColumnarCandles From(IReadOnlyList<Bar> bars)
    {
        if (bars.Count == 0)
        {
            return new ColumnarCandles("no_data", null, null, null, null, null, null);
        }

        var (t, o, h, l, c, v) = (new long[bars.Count], new decimal[bars.Count], new decimal[bars.Count], new decimal[bars.Count], new decimal[bars.Count], new decimal[bars.Count]);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            (t[i], o[i], h[i], l[i], c[i], v[i]) = (new DateTimeOffset(bar.Start, TimeSpan.Zero).ToUnixTimeSeconds(), bar.Open, bar.High, bar.Low, bar.Close, bar.Volume);
        }

        return new ColumnarCandles("ok", t, o, h, l, c, v);
    }
}

/// <summary>The answer of <c>GET /api/bars/{symbol}</c>.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="Interval">The interval's name.</param>
/// <param name="From">The start of the first interval of the range (<c>from</c> aligned down to the interval).</param>
/// <param name="To">The end of the range (exclusive): bars start before it.</param>
/// <param name="Fill">How intervals without trades were answered: <c>none</c>, <c>empty</c> or <c>carry</c>.</param>
/// <param name="Bars">The bars, oldest first.</param>
public sealed record BarsResponse(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("interval")] string Interval,
    [property: JsonPropertyName("from")] DateTime From,
    [property: JsonPropertyName("to")] DateTime To,
    [property: JsonPropertyName("fill")] string Fill,
    [property: JsonPropertyName("bars")] IReadOnlyList<FilledBar> Bars);

/// <summary>A bar of <c>GET /api/bars</c>: the fields of <see cref="ApiBar"/>, with the prices null for an interval
/// without trades filled with <c>fill=empty</c>.</summary>
/// <param name="Time">The interval's start, UTC.</param>
/// <param name="Open">Open; null for an empty filled interval.</param>
/// <param name="High">High; null for an empty filled interval.</param>
/// <param name="Low">Low; null for an empty filled interval.</param>
/// <param name="Close">Close; null for an empty filled interval.</param>
/// <param name="Volume">Σ size; 0 for a filled interval.</param>
/// <param name="Vwap">VWAP; null when the volume is zero.</param>
/// <param name="Trades">Number of trades; 0 for a filled interval.</param>
public readonly record struct FilledBar(
    [property: JsonPropertyName("t")] DateTime Time,
    [property: JsonPropertyName("o")] decimal? Open,
    [property: JsonPropertyName("h")] decimal? High,
    [property: JsonPropertyName("l")] decimal? Low,
    [property: JsonPropertyName("c")] decimal? Close,
    [property: JsonPropertyName("v")] decimal Volume,
    [property: JsonPropertyName("vw")] decimal? Vwap,
    [property: JsonPropertyName("n")] long Trades)
{
    /// <summary>A bar with trades.</summary>
    public static FilledBar From(in Bar bar) =>
        new(bar.Start, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume, bar.Vwap, bar.Trades);
}
