using System.Text.Json.Serialization;

namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>A symbol's live quote: its last trade and the statistics of the current UTC trading day. A quote is
/// last-writer-wins by (trade time, sequence): a late trade never replaces a later last price.</summary>
public sealed record Quote
{
    /// <summary>The symbol, upper case.</summary>
    [JsonPropertyName("symbol")]
    public required string Symbol { get; init; }

    /// <summary>Price of the last trade (latest by time, then trade id).</summary>
    [JsonPropertyName("price")]
    public required decimal Price { get; init; }

    /// <summary>Size of the last trade.</summary>
    [JsonPropertyName("size")]
    public required decimal Size { get; init; }

    /// <summary>Time of the last trade, UTC.</summary>
    [JsonPropertyName("time")]
    public required DateTime Time { get; init; }

    /// <summary>The feed's id of the last trade.</summary>
    [JsonPropertyName("tradeId")]
    public required long TradeId { get; init; }

    /// <summary>The symbol's update sequence number of this quote. The symbol grain numbers every update it publishes
    /// (each quote change and each bar change) with the next number, so a watcher that sees a gap has missed an
    /// update (or, with conflation, had it merged into a later one).</summary>
    [JsonPropertyName("seq")]
    public required long Sequence { get; init; }

    /// <summary>The day's first price (UTC day of <see cref="Time"/>).</summary>
    [JsonPropertyName("open")]
    public required decimal Open { get; init; }

    /// <summary>The day's highest price.</summary>
    [JsonPropertyName("high")]
    public required decimal High { get; init; }

    /// <summary>The day's lowest price.</summary>
    [JsonPropertyName("low")]
    public required decimal Low { get; init; }

    /// <summary>The day's volume, Σ size.</summary>
    [JsonPropertyName("volume")]
    public required decimal Volume { get; init; }

    /// <summary>The day's number of trades.</summary>
    [JsonPropertyName("trades")]
    public required long Trades { get; init; }

    /// <summary>The day's volume-weighted average price; null while the day's volume is zero.</summary>
    [JsonPropertyName("vwap")]
    public required decimal? Vwap { get; init; }

    /// <summary>The previous day's last price; null when no earlier day is known.</summary>
    [JsonPropertyName("prevClose")]
    public required decimal? PreviousClose { get; init; }

    /// <summary>The number of clients watching the symbol, summed over the front-end nodes.</summary>
    [JsonPropertyName("subscribers")]
    public required int Subscribers { get; init; }

    /// <summary><see cref="Price"/> − <see cref="PreviousClose"/>.</summary>
    [JsonPropertyName("change")]
    public decimal? Change => PreviousClose is { } previous ? Price - previous : null;

    /// <summary>The change in percent of the previous close, rounded to 4 decimals.</summary>
    [JsonPropertyName("changePercent")]
    public decimal? ChangePercent => PreviousClose is { } previous and not 0 ? Math.Round((Price - previous) * 100m / previous, 4) : null;
}
