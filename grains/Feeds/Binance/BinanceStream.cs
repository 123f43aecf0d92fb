namespace OrleansTicks.Grains.Feeds.Binance;

/// <summary>Which Binance payload carries the trades (<c>Feed:Binance:Stream</c>).</summary>
public enum BinanceStream
{
    /// <summary><c>&lt;symbol&gt;@trade</c>: every trade, with Binance's trade id (<c>t</c>).</summary>
    Trade,

    /// <summary><c>&lt;symbol&gt;@aggTrade</c>: trades of one taker order at one price aggregated, with the aggregate's
    /// id (<c>a</c>).</summary>
    AggTrade,
}
