using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Demand;
using OrleansTicks.Grains.Feeds.Finnhub;
using OrleansTicks.Grains.Symbols;
using OrleansTicks.Grains.Tests.Feeds.Live;
using OrleansTicks.Grains.Tests.Market;
using OrleansTicks.TestKit;
using OrleansTicks.TestKit.Feeds;

namespace OrleansTicks.Grains.Tests.Feeds.Finnhub;

/// <summary>What the suite does not cover: Finnhub's token, pings, messages of many trades, and the symbol list
/// loaded before the first connection.</summary>
public sealed class FinnhubConnectorTests
{
    [Fact]
    public async Task The_token_goes_in_the_connect_query_and_not_in_the_status()
    {
        await using var vendor = await FinnhubTestVendor.StartAsync();
        await using var run = LiveFeedRun.Start(vendor, new CapturingTradeSink(TimeProvider.System), ["AAPL"]);
        await run.UntilSubscribedAsync("AAPL");

        Assert.Equal($"?token={FinnhubTestVendor.Token}", vendor.Server.Current!.Query);
        Assert.EndsWith("?token=***", run.Status.Source, StringComparison.Ordinal);
        Assert.Equal("""{"type":"subscribe","symbol":"AAPL"}""", vendor.Server.Current.Received.Single());
    }

    [Fact]
    public async Task Pings_count_as_messages_and_keep_a_quiet_connection_from_stalling()
    {
        await using var vendor = await FinnhubTestVendor.StartAsync();
        await using var run = LiveFeedRun.Start(vendor, new CapturingTradeSink(TimeProvider.System), ["AAPL"], o => o.StallTimeout = TimeSpan.FromSeconds(30));
        await run.UntilSubscribedAsync("AAPL");

        for (var i = 1; i <= 4; i++)
        {
            run.Clock.Advance(TimeSpan.FromSeconds(20));
            await vendor.SendRawAsync(FinnhubFrames.Ping);
            await Wait.UntilAsync(() => run.Status.MessagesReceived == i, $"ping {i} received");
        }

        Assert.Single(vendor.Server.Connections);
        Assert.Equal((0L, 0L), (run.Status.BadMessages, run.Status.Reconnects));
    }

    [Fact]
    public async Task Messages_of_many_trades_identical_ones_included_are_applied_once_each_and_once_when_resent()
    {
        await using var vendor = await FinnhubTestVendor.StartAsync();
        string[] symbols = ["AAPL", "MSFT"];
        await using var silo = await MarketSilo.StartAsync();
        await using var run = LiveFeedRun.Start(vendor, silo.Ingestor, symbols, clock: silo.Clock);
        await run.UntilSubscribedAsync(symbols);
        var trades = LiveFeedRun.Trades(symbols, 200);
        trades.InsertRange(100, trades.Skip(90).Take(6)); // six repeated prints: same time, price and size, in the same message
        var identical = trades.Skip(90).Take(16).ToList();

        await vendor.Finnhub.SendTradesAsync(trades[..90], perMessage: 30);
        await vendor.SendRawAsync(FinnhubFrames.Trades(identical));
        await vendor.Finnhub.SendTradesAsync(trades[106..], perMessage: 50);
        await vendor.SendRawAsync(FinnhubFrames.Trades(identical)); // the same message again
        await Wait.UntilAsync(() => silo.Metrics.TradesApplied + silo.Metrics.TradesDuplicate == 222, "every trade taken by the grains");

        Assert.Equal(206, silo.Metrics.TradesApplied);
        Assert.Equal(16, silo.Metrics.TradesDuplicate);
        foreach (var symbol in symbols)
        {
            var held = await silo.Grains.GetGrain<ISymbolGrain>(symbol).GetRecentBarsAsync(DateTime.MinValue).Within();
            var bySymbol = trades.Where(t => t.Symbol == symbol).ToList();
            Assert.Equal(bySymbol.Sum(t => t.Size), held.Sum(b => b.Volume));
            Assert.Equal(bySymbol.Count, held.Sum(b => b.Trades));
        }
    }

    [Fact]
    public async Task The_symbol_list_is_merged_into_the_directory_before_the_first_connection()
    {
        await using var finnhub = await FakeFinnhubServer.StartNewAsync();
        await using var rest = await FakeHttpServer.StartAsync();
        rest.Answer("/stock/symbol", 200, """[{"description":"TINY OTC CORP","displaySymbol":"TOTCF","mic":"OOTC","symbol":"TOTCF","type":"Common Stock"}]""");
        var (services, directory) = Build(finnhub.BaseUri, new Uri(rest.Url, "stock/symbol?exchange=US"));
        var connector = services.GetRequiredService<FinnhubFeedConnector>();
        using var stop = new CancellationTokenSource();

        var running = connector.RunAsync(new CapturingTradeSink(TimeProvider.System), stop.Token);
        await finnhub.WaitForConnectionAsync(1);

        Assert.True(directory.TryGet("TOTCF", out var otc));
        Assert.Equal("finnhub", otc.Source);
        Assert.Equal("?exchange=US&token=tok", rest.Queries.Single());
        await stop.CancelAsync();
        await running.Within();
        await services.DisposeAsync();
    }

    [Fact]
    public async Task A_symbol_list_that_fails_leaves_the_feed_running_on_the_embedded_lists()
    {
        await using var finnhub = await FakeFinnhubServer.StartNewAsync();
        await using var rest = await FakeHttpServer.StartAsync();
        rest.Answer("/stock/symbol", 500, "boom");
        var (services, directory) = Build(finnhub.BaseUri, new Uri(rest.Url, "stock/symbol?exchange=US"));
        var before = directory.Count;
        using var stop = new CancellationTokenSource();

        var running = services.GetRequiredService<FinnhubFeedConnector>().RunAsync(new CapturingTradeSink(TimeProvider.System), stop.Token);
        await finnhub.WaitForConnectionAsync(1);

        Assert.Equal(before, directory.Count);
        await stop.CancelAsync();
        await running.Within();
        await services.DisposeAsync();
    }

    private static (ServiceProvider Services, SymbolDirectory Directory) Build(Uri feed, Uri list)
    {
        var directory = new SymbolDirectory([new SymbolInfo("AAPL", "AAPL", "Apple Inc.", "Common Stock", "NASDAQ", SymbolLists.NasdaqListedSource)]);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Feed:Url"] = feed.AbsoluteUri,
            ["Feed:Token"] = "tok",
            ["Feed:Symbols:0"] = "AAPL",
            ["Feed:Finnhub:SymbolListUrl"] = list.AbsoluteUri,
        }).Build());
        services.AddLogging();
        services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.SectionName);
        services.AddSingleton<FeedDemand>();
        services.AddSingleton<IFeedDemand>(static sp => sp.GetRequiredService<FeedDemand>());
        services.AddSingleton(directory);
        services.AddFinnhubFeed();
        return (services.BuildServiceProvider(), directory);
    }
}
