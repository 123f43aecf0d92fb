using System.Text.Json;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.TestKit;
using OrleansTicks.TestKit.Feeds;
using OrleansTicks.TestKit.Live;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>Demand-driven subscription end to end: hub clients watching a symbol make the live feed subscribe to it at
/// the (fake) Binance server; the last one leaving makes it unsubscribe; configured symbols stay subscribed.</summary>
public sealed class FeedDemandTests
{
    private static Dictionary<string, string?> BinanceSettings(FakeBinanceServer upstream) => new()
    {
        ["Feed:Kind"] = "binance",
        ["Feed:Url"] = upstream.BaseUri.ToString(),
        ["Feed:Symbols:0"] = "BTCUSDT",
        ["Feed:Binance:MinSendInterval"] = "00:00:00",
        ["Feed:UnsubscribeGrace"] = "00:00:00.200",
        ["Hub:UnwatchGrace"] = "00:00:00.200",
    };

    [Fact]
    public async Task Watching_a_symbol_subscribes_it_upstream_and_the_last_watcher_leaving_unsubscribes_it()
    {
        await using var upstream = await FakeBinanceServer.StartNewAsync();
        await using var server = await LiveServer.StartAsync(BinanceSettings(upstream));
        await Wait.UntilAsync(() => upstream.SubscribedSymbols.SetEquals(["BTCUSDT"]), "the configured symbol to be subscribed upstream");

        await using var first = await NodeHubClient.ConnectAsync(server.HubUrl);
        await using var second = await NodeHubClient.ConnectAsync(server.HubUrl);
        var answer = await first.SubscribeAsync("ethusdt");
        Assert.Equal("ETHUSDT", answer.GetProperty("accepted")[0].GetProperty("symbol").GetString());
        await second.SubscribeAsync("ETHUSDT");
        await Wait.UntilAsync(() => upstream.SubscribedSymbols.Contains("ETHUSDT"), "ETHUSDT to be subscribed upstream");

        // The upstream's trades of the watched symbol reach the watchers.
        Assert.Equal(1, await upstream.SendTradesAsync([new Trade("ETHUSDT", 42, 3_012.5m, 1.5m, DateTime.UtcNow.AddSeconds(-1))]));
        await first.WaitForAsync(_ => first.Messages("quote").Any(q => IsQuoteOf(q, "ETHUSDT", 3_012.5m)), "the ETHUSDT quote");

        // One watcher leaving changes nothing upstream; the last one leaving unsubscribes, after the grace periods.
        await first.UnsubscribeAsync("ETHUSDT");
        await second.DisposeAsync();
        await Wait.UntilAsync(() => !upstream.SubscribedSymbols.Contains("ETHUSDT"), "ETHUSDT to be unsubscribed upstream");
        Assert.Equal(["BTCUSDT"], upstream.SubscribedSymbols);

        var ethRequests = upstream.Requests.Where(r => r.Streams.Contains("ethusdt@trade")).Select(r => r.Method).ToList();
        Assert.Equal(["SUBSCRIBE", "UNSUBSCRIBE"], ethRequests); // once each: no flapping between the two watchers
    }

    private static bool IsQuoteOf(JsonElement quote, string symbol, decimal price) =>
        quote.GetProperty("symbol").GetString() == symbol && quote.GetProperty("price").GetDecimal() == price;
}
