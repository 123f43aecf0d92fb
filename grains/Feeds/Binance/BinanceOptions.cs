using OrleansTicks.Grains.Feeds.Live;

namespace OrleansTicks.Grains.Feeds.Binance;

/// <summary>Settings of the <c>binance</c> feed, section <c>Feed:Binance</c>, plus the shared connection settings of
/// <see cref="LiveFeedOptions"/> (also under <c>Feed:Binance</c>). The address is <c>Feed:Url</c>.</summary>
public sealed class BinanceOptions : LiveFeedOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Feed:Binance";

    /// <summary>Binance's public market-data websocket, used when <c>Feed:Url</c> is not set.</summary>
    public const string DefaultUrl = "wss://stream.binance.com:9443";

    /// <summary>Binance accepts at most this many streams on one connection.</summary>
    public const int MaxStreamsPerConnection = 1_024;

    /// <summary>Binance's defaults: replace a connection after 23 hours (Binance closes it at 24), at most 4 messages a
    /// second upstream (Binance allows 5).</summary>
    public BinanceOptions()
    {
        MaxConnectionAge = TimeSpan.FromHours(23);
        MinSendInterval = TimeSpan.FromMilliseconds(250);
    }

    /// <summary><c>trade</c> (the default) or <c>aggTrade</c>.</summary>
    public BinanceStream Stream { get; set; } = BinanceStream.Trade;

    /// <summary>The combined endpoint (<c>/stream</c>, payloads wrapped in <c>{"stream":..,"data":..}</c>) rather than
    /// the raw one (<c>/ws</c>). Unset: taken from the path of <c>Feed:Url</c> (<c>/stream...</c> is combined), raw when
    /// the URL has no path.</summary>
    public bool? Combined { get; set; }

    /// <summary>The symbols clients may watch (the directory learns them as type <c>Crypto</c>, exchange
    /// <c>BINANCE</c>), on top of <c>Feed:Symbols</c>; empty means <see cref="DefaultSymbols"/>. Only watched symbols
    /// and <c>Feed:Symbols</c> are subscribed upstream.</summary>
    public string[] Symbols { get; set; } = [];

    /// <summary>Streams named in one SUBSCRIBE or UNSUBSCRIBE message at most.</summary>
    public int MaxStreamsPerMessage { get; set; } = 200;

    /// <summary>Major USDT pairs, the symbols provided when <see cref="Symbols"/> is empty.</summary>
    public static IReadOnlyList<string> DefaultSymbols { get; } =
    [
        "BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "TRXUSDT", "LINKUSDT", "LTCUSDT",
        "DOTUSDT", "AVAXUSDT", "BCHUSDT", "XLMUSDT", "ATOMUSDT", "UNIUSDT", "ETCUSDT", "NEARUSDT", "FILUSDT", "APTUSDT",
    ];
}
