using System.Text.Json.Serialization;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Market;

/// <summary>What a symbol grain keeps in grain storage between activations. Bars are not here: they live in
/// <c>bars_1m</c>, and the ring of recent bars is reloaded from there on activation.</summary>
public sealed class SymbolState
{
    /// <summary>The day bar (UTC) of the latest day with trades: open, high, low, close, volume, VWAP.</summary>
    [JsonPropertyName("today")]
    public Bar? Today { get; set; }

    /// <summary>The day bar of the day before <see cref="Today"/> with trades: its close is the previous close.</summary>
    [JsonPropertyName("previousDay")]
    public Bar? PreviousDay { get; set; }

    /// <summary>The latest trade by (time, trade id).</summary>
    [JsonPropertyName("last")]
    public LastTrade? Last { get; set; }

    /// <summary>The number of the last update published (quote or bar change): see <see cref="Quote.Sequence"/>.
    /// Persisted so that numbers keep increasing across activations.</summary>
    [JsonPropertyName("seq")]
    public long Sequence { get; set; }

    /// <summary>Trades applied, ever.</summary>
    [JsonPropertyName("applied")]
    public long TradesApplied { get; set; }

    /// <summary>Trade ids applied, for dropping duplicates.</summary>
    [JsonPropertyName("tradeIds")]
    public TradeIdSet TradeIds { get; set; } = new();
}

/// <summary>The last trade's fields a quote shows.</summary>
public sealed record LastTrade(
    [property: JsonPropertyName("p")] decimal Price,
    [property: JsonPropertyName("v")] decimal Size,
    [property: JsonPropertyName("t")] DateTime Time,
    [property: JsonPropertyName("id")] long TradeId);
