using OrleansTicks.Grains.Tests.Feeds.Live;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Feeds.Binance;

public sealed class BinanceFeedConnectorTests
{
    [Fact]
    public async Task A_watched_symbol_Binance_does_not_carry_is_not_subscribed_upstream()
    {
        await using var vendor = await BinanceTestVendor.StartAsync(combined: false, aggTrade: false);
        await using var run = LiveFeedRun.Start(vendor, new CapturingTradeSink(TimeProvider.System), ["BTCUSDT"]);
        await run.UntilSubscribedAsync("BTCUSDT");

        run.Demand.Watch("AAPL");
        run.Demand.Watch("ETHUSDT");
        await run.UntilSubscribedAsync("BTCUSDT", "ETHUSDT");

        Assert.DoesNotContain(vendor.Binance.Requests, r => r.Streams.Contains("aapl@trade"));
    }

    [Fact]
    public async Task Streams_named_in_the_combined_url_arrive_and_are_parsed_like_subscribed_ones()
    {
        await using var vendor = await BinanceTestVendor.StartAsync(combined: true, aggTrade: false);
        var sink = new CapturingTradeSink(TimeProvider.System);
        var trades = LiveFeedRun.Trades(["SOLUSDT"], 3);
        await using var run = LiveFeedRun.Start(vendor, sink, [], url: new Uri(vendor.Server.BaseUri, "/stream?streams=solusdt@trade"));
        await Wait.UntilAsync(() => vendor.Binance.SubscribedSymbols.Contains("SOLUSDT"), "the connection with the stream in its URL");

        Assert.Equal(3, await vendor.SendTradesAsync(trades));

        await Wait.UntilAsync(() => sink.Trades.Count == 3, "the trades of the URL's stream");
        Assert.Equal(trades, sink.Trades);
        Assert.Empty(vendor.Binance.Requests); // nothing wanted beyond the URL's streams
    }
}
