namespace OrleansTicks.Grains.Feeds.Binance;

/// <summary>What one Binance message held; text fields as (offset, length) slices of the received bytes (nothing
/// copied).</summary>
internal struct BinanceFields
{
    public Range Event;
    public Range Symbol;
    public Range Price;
    public Range Quantity;
    public long TradeId;
    public long AggregateId;
    public long TradeTime;
    public bool HasEvent;
    public bool HasSymbol;
    public bool HasPrice;
    public bool HasQuantity;
    public bool HasTradeId;
    public bool HasAggregateId;
    public bool HasTradeTime;

    // Answers and errors: {"result":null,"id":1}, {"error":{"code":2,"msg":".."},"id":1}, {"code":2,"msg":"..","id":1}.
    public long RequestId;
    public bool HasRequestId;
    public bool HasResult;
    public bool HasError;
    public long ErrorCode;
    public Range ErrorMessage;

    /// <summary>Set when a field had the wrong type: the message is bad, and this says why.</summary>
    public string? Problem;

    /// <summary>Whether the trade's id is <c>a</c> (aggTrade) rather than <c>t</c>.</summary>
    public bool WantsAggregateId;

    /// <summary>Every field a trade needs has been read.</summary>
    public readonly bool HasTrade =>
        HasTradeTime && HasQuantity && HasPrice && HasSymbol && HasEvent && (WantsAggregateId ? HasAggregateId : HasTradeId);
}
