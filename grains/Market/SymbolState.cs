using System.Text.Json.Serialization;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Market;

/// <summary>What a symbol grain keeps in grain storage between activations. Bars and trade ids are not here: they
/// are committed together by checkpoints (<c>bars_1m</c> and <c>symbol_trade_ids</c>), and reloaded from there on
/// activation. This state is derived (the day's statistics, the last trade) or a counter, written every
/// <see cref="MarketOptions.StateSaveInterval"/>; a crash loses at most that much of it, never a bar.</summary>
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
}

/// <summary>The last trade's fields a quote shows.</summary>
public sealed record LastTrade(
    [property: JsonPropertyName("p")] decimal Price,
    [property: JsonPropertyName("v")] decimal Size,
    [property: JsonPropertyName("t")] DateTime Time,
    [property: JsonPropertyName("id")] long TradeId);
