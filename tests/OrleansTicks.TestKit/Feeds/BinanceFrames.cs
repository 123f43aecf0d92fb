using System.Globalization;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.TestKit.Feeds;

/// <summary>Binance's wire format, written independently of the product's parser: trade and aggTrade payloads (prices
/// and quantities as strings, times in Unix milliseconds), the combined wrapper, answers and errors.</summary>
public static class BinanceFrames
{
    /// <summary>The stream name of our <paramref name="symbol"/>: <c>btcusdt@trade</c> or <c>btcusdt@aggTrade</c>.</summary>
    public static string StreamOf(string symbol, bool aggTrade) => $"{symbol.ToLowerInvariant()}@{(aggTrade ? "aggTrade" : "trade")}";

    /// <summary>Our symbol of a stream name (<c>btcusdt@trade</c> → <c>BTCUSDT</c>).</summary>
    public static string SymbolOf(string stream) => stream.Split('@')[0].ToUpperInvariant();

    /// <summary>The payload of <paramref name="trade"/>, wrapped for the combined endpoint when <paramref name="combined"/>.</summary>
    public static string Trade(Trade trade, bool aggTrade = false, bool combined = false)
    {
        var ms = (long)(trade.Time - DateTime.UnixEpoch).TotalMilliseconds;
        var price = trade.Price.ToString(CultureInfo.InvariantCulture);
        var size = trade.Size.ToString(CultureInfo.InvariantCulture);
        var data = aggTrade
            ? $$"""{"e":"aggTrade","E":{{ms + 3}},"s":"{{trade.Symbol}}","a":{{trade.TradeId}},"p":"{{price}}","q":"{{size}}","f":{{trade.TradeId * 10}},"l":{{(trade.TradeId * 10) + 2}},"T":{{ms}},"m":true,"M":true}"""
            : $$"""{"e":"trade","E":{{ms + 3}},"s":"{{trade.Symbol}}","t":{{trade.TradeId}},"p":"{{price}}","q":"{{size}}","T":{{ms}},"m":false,"M":true}""";
        return combined ? $$"""{"stream":"{{StreamOf(trade.Symbol, aggTrade)}}","data":{{data}}}""" : data;
    }

    /// <summary>The answer to request <paramref name="id"/>.</summary>
    public static string Answer(long id) => $$"""{"result":null,"id":{{id}}}""";

    /// <summary>An error answer to request <paramref name="id"/>.</summary>
    public static string Error(int code, string message, long id) => $$"""{"error":{"code":{{code}},"msg":"{{message}}"},"id":{{id}}}""";
}
