using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Demand;
using OrleansTicks.Grains.Feeds.Finnhub;
using OrleansTicks.Grains.Feeds.Live;
using OrleansTicks.Grains.Tests.Feeds.Live;
using OrleansTicks.TestKit.Feeds;

namespace OrleansTicks.Grains.Tests.Feeds.Finnhub;

/// <summary>The finnhub connector's adapter to the conformance suite. Finnhub's trades carry no id, so a trade comes
/// out with the id <see cref="FinnhubTradeIds"/> derives (one trade per message: ordinal 0).</summary>
internal sealed class FinnhubTestVendor(FakeFinnhubServer server) : LiveFeedTestVendor(server)
{
    public const string Token = "test-token";

    public FakeFinnhubServer Finnhub { get; } = server;

    public override IReadOnlyList<string> Symbols { get; } = ["AAPL", "MSFT", "NVDA", "BINANCE:BTCUSDT"];

    public override IReadOnlyList<string> MalformedMessages =>
    [
        "not json at all",
        """{"data":[{"s":"AAPL","p":1.5,"v":2,"t":1763650000000}],"type":"trade""",
        """[{"type":"trade"}]""",
        """{"data":[{"s":"AAPL","v":2,"t":1763650000000}],"type":"trade"}""",
        """{"data":[{"s":"AAPL","p":"1.5","v":2,"t":1763650000000}],"type":"trade"}""",
        """{"data":[{"s":"AAPL","p":1.5,"v":"2","t":1763650000000}],"type":"trade"}""",
        """{"data":[{"s":"AAPL","p":1.5,"v":2,"t":"1763650000000"}],"type":"trade"}""",
        """{"data":[{"s":"AAPL","p":1.5,"v":2,"t":1763650000000.5}],"type":"trade"}""",
        """{"data":[{"s":"AAPL","p":1.5,"v":2,"t":946684800000}],"type":"trade"}""",
        """{"data":[{"s":"AAPL","p":1e999,"v":2,"t":1763650000000}],"type":"trade"}""",
        """{"data":[{"s":"AA PL","p":1.5,"v":2,"t":1763650000000}],"type":"trade"}""",
        """{"data":[{"s":42,"p":1.5,"v":2,"t":1763650000000}],"type":"trade"}""",
        """{"data":[7],"type":"trade"}""",
        """{"data":5,"type":"trade"}""",
        """{"data":[],"type":"news"}""",
        """{"type":"trade"}""",
        """{"data":[{"s":"AAPL","p":1.5,"v":2,"t":1763650000000}],"type":"trade"} trailing""",
        """{"some":"object"}""",
    ];

    public override string VendorErrorMessage => FinnhubFrames.Error("Subscribing to too many symbols");

    public override IReadOnlySet<string> SubscribedUpstream => Finnhub.SubscribedSymbols;

    public override IReadOnlyList<(int Connection, bool Subscribe, string Symbol)> SubscriptionRequests => Finnhub.Requests;

    /// <summary>Starts a fake server and the adapter over it.</summary>
    public static async Task<FinnhubTestVendor> StartAsync() => new(await FakeFinnhubServer.StartNewAsync());

    public override IFeedConnector CreateConnector(FeedOptions feed, Action<LiveFeedOptions> configure, IFeedDemand demand, TimeProvider clock, ILoggerFactory loggers)
    {
        var options = new FinnhubOptions();
        configure(options);
        feed.Url = Finnhub.BaseUri;
        feed.Token = Token;
        return new FinnhubFeedConnector(Options.Create(options), Options.Create(feed), demand, clock, loggers.CreateLogger<FinnhubFeedConnector>());
    }

    public override string EncodeTrade(Trade trade) => FinnhubFrames.Trades([trade]);

    public override Task<int> SendTradesAsync(IReadOnlyList<Trade> trades) => Finnhub.SendTradesAsync(trades);

    public override Trade AsReceived(Trade sent) =>
        sent with { TradeId = FinnhubTradeIds.Derive(new DateTimeOffset(sent.Time).ToUnixTimeMilliseconds(), sent.Price, sent.Size, 0) };
}
