using System.Text.Json.Serialization;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Market;

/// <summary>What a symbol grain keeps in grain storage between activations. Bars and trade ids are not here: they
/// are committed together by checkpoints (<c>bars_1m</c> and <c>symbol_trade_ids</c>), and reloaded from there on
/// activation. This state is derived (the day's statistics, the last trade) or a counter, written every
/// <see cref="MarketOptions.StateSaveInterval"/>; after a crash the next activation rebuilds the day statistics from
/// the stored bars (see <see cref="CommittedRevision"/>), so a crash loses at most that interval of the counters, never
/// a bar or a day's trade.</summary>
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

    /// <summary>The revision of the stored trade-id record whose bars this state's day statistics hold exactly: set when
    /// the state was written with every trade applied committed (the last write of a deactivation), null when it held
    /// trades not yet committed. An activation that finds another revision stored knows the one before it ended without
    /// such a write (a crash), so it rebuilds the day statistics from the stored bars.</summary>
    [JsonPropertyName("committedRev")]
    public long? CommittedRevision { get; set; }
}

/// <summary>The last trade's fields a quote shows.</summary>
public sealed record LastTrade(
    [property: JsonPropertyName("p")] decimal Price,
    [property: JsonPropertyName("v")] decimal Size,
    [property: JsonPropertyName("t")] DateTime Time,
    [property: JsonPropertyName("id")] long TradeId);
