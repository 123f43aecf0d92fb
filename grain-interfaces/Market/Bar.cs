using System.Text.Json.Serialization;

namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>An OHLCV bar as a mergeable summary of the trades of one interval: the open and close are the trades
/// earliest and latest by (time, trade id), so two partial bars of the same interval merge exactly, in any order,
/// into the bar of all their trades. That is what lets a bar be built in pieces (late trades, a second activation
/// of the same grain, a storage upsert) and still equal the bar computed from the whole ledger.</summary>
public readonly record struct Bar
{
    /// <summary>The interval's start (UTC).</summary>
    [JsonPropertyName("t")]
    public required DateTime Start { get; init; }

    /// <summary>Price of the earliest trade by (time, trade id).</summary>
    [JsonPropertyName("o")]
    public required decimal Open { get; init; }

    /// <summary>The highest price.</summary>
    [JsonPropertyName("h")]
    public required decimal High { get; init; }

    /// <summary>The lowest price.</summary>
    [JsonPropertyName("l")]
    public required decimal Low { get; init; }

    /// <summary>Price of the latest trade by (time, trade id).</summary>
    [JsonPropertyName("c")]
    public required decimal Close { get; init; }

    /// <summary>Σ size.</summary>
    [JsonPropertyName("v")]
    public required decimal Volume { get; init; }

    /// <summary>Σ price × size.</summary>
    [JsonPropertyName("notional")]
    public required decimal Notional { get; init; }

    /// <summary>The number of trades.</summary>
    [JsonPropertyName("n")]
    public required long Trades { get; init; }

    /// <summary>Time of the earliest trade.</summary>
    [JsonPropertyName("firstTs")]
    public required DateTime FirstTime { get; init; }

    /// <summary>Trade id of the earliest trade (breaks ties on time).</summary>
    [JsonPropertyName("firstId")]
    public required long FirstTradeId { get; init; }

    /// <summary>Time of the latest trade.</summary>
    [JsonPropertyName("lastTs")]
    public required DateTime LastTime { get; init; }

    /// <summary>Trade id of the latest trade.</summary>
    [JsonPropertyName("lastId")]
    public required long LastTradeId { get; init; }

    /// <summary>Volume-weighted average price, Σ price × size / Σ size, to <see cref="SignificantDigits.Vwap"/>
    /// significant digits; null when the volume is zero. The exact sum stays in <see cref="Notional"/>.</summary>
    [JsonPropertyName("vw")]
    public decimal? Vwap => Volume == 0 ? null : SignificantDigits.Round(Notional / Volume, SignificantDigits.Vwap);

    /// <summary>The one-trade bar of <paramref name="trade"/> in the interval starting at <paramref name="start"/>.</summary>
    public static Bar FromTrade(in Trade trade, DateTime start) => new()
    {
        Start = start,
        Open = trade.Price,
        High = trade.Price,
        Low = trade.Price,
        Close = trade.Price,
        Volume = trade.Size,
        Notional = trade.Price * trade.Size,
        Trades = 1,
        FirstTime = trade.Time,
        FirstTradeId = trade.TradeId,
        LastTime = trade.Time,
        LastTradeId = trade.TradeId,
    };

    /// <summary>The bar of the trades of both bars, which must share an interval start (or be aggregated into
    /// <paramref name="start"/>, for building a larger interval from smaller bars). Exact, commutative and
    /// associative.</summary>
    public static Bar Merge(in Bar a, in Bar b, DateTime start)
    {
        var aOpensFirst = Trade.CompareByTimeThenId(a.FirstTime.Ticks, a.FirstTradeId, b.FirstTime.Ticks, b.FirstTradeId) <= 0;
        var aClosesLast = Trade.CompareByTimeThenId(a.LastTime.Ticks, a.LastTradeId, b.LastTime.Ticks, b.LastTradeId) >= 0;
        var first = aOpensFirst ? a : b;
        var last = aClosesLast ? a : b;
        return new Bar
        {
            Start = start,
            Open = first.Open,
            High = Math.Max(a.High, b.High),
            Low = Math.Min(a.Low, b.Low),
            Close = last.Close,
            Volume = a.Volume + b.Volume,
            Notional = a.Notional + b.Notional,
            Trades = a.Trades + b.Trades,
            FirstTime = first.FirstTime,
            FirstTradeId = first.FirstTradeId,
            LastTime = last.LastTime,
            LastTradeId = last.LastTradeId,
        };
    }

    /// <summary>This bar with <paramref name="trade"/> added.</summary>
    public Bar With(in Trade trade) => Merge(this, FromTrade(trade, Start), Start);
}
