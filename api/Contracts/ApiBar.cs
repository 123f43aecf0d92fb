using System.Text.Json.Serialization;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Api.Contracts;

/// <summary>A bar as clients see it, in REST answers and SignalR messages alike: the OHLCV fields, VWAP and trade
/// count. The merge bookkeeping of <see cref="Bar"/> (notional, first and last trade) stays inside.</summary>
/// <param name="Time">The interval's start, UTC (ISO-8601 in JSON).</param>
/// <param name="Open">Open.</param>
/// <param name="High">High.</param>
/// <param name="Low">Low.</param>
/// <param name="Close">Close.</param>
/// <param name="Volume">Σ size.</param>
/// <param name="Vwap">Volume-weighted average price; null when the volume is zero (or for a filled empty interval).</param>
/// <param name="Trades">Number of trades.</param>
public readonly record struct ApiBar(
    [property: JsonPropertyName("t")] DateTime Time,
    [property: JsonPropertyName("o")] decimal Open,
    [property: JsonPropertyName("h")] decimal High,
    [property: JsonPropertyName("l")] decimal Low,
    [property: JsonPropertyName("c")] decimal Close,
    [property: JsonPropertyName("v")] decimal Volume,
    [property: JsonPropertyName("vw")] decimal? Vwap,
    [property: JsonPropertyName("n")] long Trades)
{
    /// <summary>The client's view of <paramref name="bar"/>.</summary>
    public static ApiBar From(in Bar bar) =>
        new(bar.Start, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume, bar.Vwap, bar.Trades);
}
