using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Binance;
using OrleansTicks.Grains.Feeds.Demand;
using OrleansTicks.Grains.Feeds.Live;
using OrleansTicks.Grains.Tests.Feeds.Live;
using OrleansTicks.TestKit.Feeds;

namespace OrleansTicks.Grains.Tests.Feeds.Binance;

/// <summary>The binance connector's adapter to the conformance suite, on the raw or the combined endpoint with trade or
/// aggTrade payloads.</summary>
internal sealed class BinanceTestVendor(FakeBinanceServer server, bool combined) : LiveFeedTestVendor(server)
{
    // A well-formed payload of the kind the connector does not read: an unknown event type to it.
    private const string OtherPayload = """{"e":"aggTrade","s":"BTCUSDT","a":1,"p":"1.5","q":"2","T":1763650000000}""";
    private const string OtherPayloadOfAggTrade = """{"e":"trade","s":"BTCUSDT","t":1,"p":"1.5","q":"2","T":1763650000000}""";

    public FakeBinanceServer Binance { get; } = server;

    public override IReadOnlyList<string> Symbols { get; } = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT"];

    public override IReadOnlyList<string> MalformedMessages =>
    [
        Binance.AggTrade ? OtherPayloadOfAggTrade : OtherPayload,
        "not json at all",
        """{"e":"trade","s":"BTCUSDT","t":1,"p":"1.5","q":"2","T":1763650000000""",
        """[{"e":"trade"}]""",
        """{"e":"trade","s":"BTCUSDT","t":1,"q":"2","T":1763650000000}""",
        """{"e":"trade","s":"BTCUSDT","t":1,"p":"abc","q":"2","T":1763650000000}""",
        """{"e":"trade","s":"BTCUSDT","t":1,"p":"1.5","q":"2x","T":1763650000000}""",
        """{"e":"trade","s":"BTCUSDT","t":"one","p":"1.5","q":"2","T":1763650000000}""",
        """{"e":"trade","s":"BTCUSDT","t":-5,"p":"1.5","q":"2","T":1763650000000}""",
        """{"e":"trade","s":"BTCUSDT","t":1,"p":"1e999999","q":"2","T":1763650000000}""",
        """{"e":"trade","s":"BTCUSDT","t":1,"p":"1.5","q":"2","T":99999999999999999}""",
        """{"e":"trade","s":"BTC USDT","t":1,"p":"1.5","q":"2","T":1763650000000}""",
        """{"e":"trade","s":42,"t":1,"p":"1.5","q":"2","T":1763650000000}""",
        """{"e":"kline","s":"BTCUSDT","t":1,"p":"1.5","q":"2","T":1763650000000}""",
        """{"stream":"btcusdt@trade","data":5}""",
        """{"e":"trade","s":"BTCUSDT","t":1,"p":"1.5","q":"2","T":1763650000000} trailing""",
        """{"some":"object"}""",
    ];

    public override string VendorErrorMessage => BinanceFrames.Error(2, "Invalid request: unknown property", 999);

    public override IReadOnlySet<string> SubscribedUpstream => Binance.SubscribedSymbols;

    public override IReadOnlyList<(int Connection, bool Subscribe, string Symbol)> SubscriptionRequests =>
        [.. Binance.Requests.SelectMany(r => r.Streams.Select(s => (r.Connection, r.Method == "SUBSCRIBE", BinanceFrames.SymbolOf(s))))];

    /// <summary>Starts a fake server pushing trade (or aggTrade) payloads and the adapter over it.</summary>
    public static async Task<BinanceTestVendor> StartAsync(bool combined, bool aggTrade)
    {
        var server = await FakeBinanceServer.StartNewAsync(aggTrade);
        return new BinanceTestVendor(server, combined);
    }

    public override IFeedConnector CreateConnector(FeedOptions feed, Action<LiveFeedOptions> configure, IFeedDemand demand, TimeProvider clock, ILoggerFactory loggers)
    {
        var options = new BinanceOptions { Combined = combined, Stream = Binance.AggTrade ? BinanceStream.AggTrade : BinanceStream.Trade };
        configure(options);
        feed.Url ??= Binance.BaseUri;
        return new BinanceFeedConnector(Options.Create(options), Options.Create(feed), demand, clock, loggers.CreateLogger<BinanceFeedConnector>());
    }

    public override string EncodeTrade(Trade trade) => BinanceFrames.Trade(trade, Binance.AggTrade, Binance.IsCombined);

    public override Task<int> SendTradesAsync(IReadOnlyList<Trade> trades) => Binance.SendTradesAsync(trades);
}
