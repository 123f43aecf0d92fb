using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Market;

/// <summary>The partial bar being built, mutable so that adding a trade (the hot path: every trade of a symbol goes
/// through it) costs a few compares and two decimal operations instead of building new <see cref="Bar"/> values.
/// <see cref="ToBar"/> gives exactly the bar <see cref="Bar.FromTrade"/> and <see cref="Bar.Merge"/> would.</summary>
internal struct MinuteAccumulator
{
    private decimal _open;
    private decimal _high;
    private decimal _low;
    private decimal _close;
    private decimal _volume;
    private decimal _notional;
    private long _firstTicks;
    private long _firstId;
    private long _lastTicks;
    private long _lastId;

    public DateTime Start { get; private set; }

    public long Trades { get; private set; }

    public readonly bool HasTrades => Trades > 0;

    public void Begin(in Trade trade, DateTime minute)
    {
        Start = minute;
        Trades = 1;
        _open = _high = _low = _close = trade.Price;
        _volume = trade.Size;
        _notional = trade.Price * trade.Size;
        _firstTicks = _lastTicks = trade.Time.Ticks;
        _firstId = _lastId = trade.TradeId;
    }

    public void Add(in Trade trade)
    {
        var price = trade.Price;
        var ticks = trade.Time.Ticks;
        if (Trade.CompareByTimeThenId(ticks, trade.TradeId, _lastTicks, _lastId) > 0)
        {
            _close = price;
            _lastTicks = ticks;
            _lastId = trade.TradeId;
        }
        else if (Trade.CompareByTimeThenId(ticks, trade.TradeId, _firstTicks, _firstId) < 0)
        {
            _open = price;
            _firstTicks = ticks;
            _firstId = trade.TradeId;
        }

        if (price > _high)
        {
            _high = price;
        }
        else if (price < _low)
        {
            _low = price;
        }

        _volume += trade.Size;
        _notional += price * trade.Size;
        Trades++;
    }

    public void Clear() => Trades = 0;

    public readonly Bar ToBar() => new()
    {
        Start = Start,
        Open = _open,
        High = _high,
        Low = _low,
        Close = _close,
        Volume = _volume,
        Notional = _notional,
        Trades = Trades,
        FirstTime = new DateTime(_firstTicks, DateTimeKind.Utc),
        FirstTradeId = _firstId,
        LastTime = new DateTime(_lastTicks, DateTimeKind.Utc),
        LastTradeId = _lastId,
    };
}
