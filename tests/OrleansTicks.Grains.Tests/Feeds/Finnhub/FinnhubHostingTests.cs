using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Symbols;
using OrleansTicks.Grains.Tests.Market;
using OrleansTicks.TestKit;
using OrleansTicks.TestKit.Feeds;

namespace OrleansTicks.Grains.Tests.Feeds.Finnhub;

/// <summary><c>Feed:Kind=finnhub</c> in a silo as the product hosts it: the symbol list, the connection, the
/// subscriptions and the trades reaching the symbol grains, and the status.</summary>
public sealed class FinnhubHostingTests
{
    [Fact]
    public async Task A_finnhub_silo_loads_the_symbol_list_subscribes_and_applies_the_trades_of_a_listed_only_symbol()
    {
        await using var finnhub = await FakeFinnhubServer.StartNewAsync();
        await using var rest = await FakeHttpServer.StartAsync();
        rest.Answer("/stock/symbol", 200, """[{"description":"TINY OTC CORP","displaySymbol":"TOTCF","mic":"OOTC","symbol":"TOTCF","type":"Common Stock"}]""");
        await using var silo = await MarketSilo.StartAsync(new()
        {
            ["Feed:Kind"] = "finnhub",
            ["Feed:Url"] = finnhub.BaseUri.AbsoluteUri,
            ["Feed:Token"] = "tok",
            ["Feed:Symbols:0"] = "AAPL",
            ["Feed:Symbols:1"] = "TOTCF",
            ["Feed:Finnhub:SymbolListUrl"] = new Uri(rest.Url, "stock/symbol?exchange=US").AbsoluteUri,
            ["Feed:Finnhub:MinSendInterval"] = "00:00:00", // the paced sends wait on the manual clock
        });
        await Wait.UntilAsync(() => finnhub.SubscribedSymbols.SetEquals(["AAPL", "TOTCF"]), "the configured symbols subscribed");
        var at = silo.Clock.GetUtcNow().UtcDateTime.AddSeconds(-30);
        List<Trade> trades = [new("TOTCF", 0, 1.25m, 300m, at), new("AAPL", 0, 190m, 10m, at.AddSeconds(1)), new("TOTCF", 0, 1.26m, 100m, at.AddSeconds(2))];

        await finnhub.SendTradesAsync(trades, perMessage: 3);
        await Wait.UntilAsync(() => silo.Metrics.TradesApplied == 3, "the trades applied");

        Assert.True(silo.Services.GetRequiredService<SymbolDirectory>().TryGet("TOTCF", out var otc));
        Assert.Equal(("TINY OTC CORP", "OOTC"), (otc.Description, otc.Exchange)); // the list's entry, over the configured one
        var quote = await silo.Grains.GetGrain<ISymbolGrain>("TOTCF").GetQuoteAsync().Within();
        Assert.Equal(1.26m, quote!.Price);
        var status = silo.Services.GetRequiredService<FeedIngestorService>().GetStatus().Feed!;
        Assert.Equal(("finnhub", FeedConnectionState.Connected, 2), (status.Kind, status.State, status.SubscribedSymbols));
        Assert.EndsWith("?token=***", status.Source, StringComparison.Ordinal);
    }
}
