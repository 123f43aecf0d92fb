using System.Text.Json;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.TestKit;
using OrleansTicks.TestKit.Feeds;

namespace OrleansTicks.Api.Tests.Rest;

/// <summary>The API hosting the binance feed against the fake Binance server: the status endpoint shows the live
/// connection's state and counters, and the trades it sends are published.</summary>
public sealed class BinanceFeedStatusTests
{
    [Fact]
    public async Task Status_shows_the_binance_connection_its_upstream_subscriptions_and_its_trades()
    {
        await using var server = await FakeBinanceServer.StartNewAsync();
        await using var factory = new TicksApiFactory()
            .With("Feed:Kind", "binance")
            .With("Feed:Url", server.BaseUri.ToString())
            .With("Feed:Symbols:0", "BTCUSDT")
            .With("Feed:Binance:MinSendInterval", "00:00:00");
        using var client = factory.CreateClient();
        await Wait.UntilAsync(() => server.SubscribedSymbols.Contains("BTCUSDT"), "the feed to subscribe to BTCUSDT upstream");

        Assert.Equal(1, await server.SendTradesAsync([new Trade("BTCUSDT", 7_000_001, 91_234.5m, 0.25m, DateTime.UtcNow.AddSeconds(-1))]));
        var data = await StatusAsync(client);
        for (var deadline = DateTime.UtcNow + Wait.Generous; data.GetProperty("trades").GetProperty("published").GetInt64() < 1;)
        {
            Assert.True(DateTime.UtcNow < deadline, "the trade was not published");
            await Task.Delay(10);
            data = await StatusAsync(client);
        }

        var feed = data.GetProperty("feed");
        Assert.Equal("binance", feed.GetProperty("kind").GetString());
        Assert.Equal("Connected", feed.GetProperty("state").GetString());
        Assert.Equal($"{server.BaseUri.ToString().TrimEnd('/')}/ws", feed.GetProperty("source").GetString());
        Assert.Equal(1, feed.GetProperty("subscribedSymbols").GetInt32());
        Assert.Equal(0, feed.GetProperty("reconnects").GetInt64());
        Assert.Equal(0, feed.GetProperty("badMessages").GetInt64());
        Assert.Equal(0, feed.GetProperty("vendorErrors").GetInt64());
        Assert.Equal(JsonValueKind.String, feed.GetProperty("connectedSince").ValueKind);
        Assert.True(feed.GetProperty("messagesReceived").GetInt64() >= 2, "the answer and the trade");
    }

    private static async Task<JsonElement> StatusAsync(HttpClient client)
    {
        using var body = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/metrics/status", UriKind.Relative)));
        return body.RootElement.GetProperty("data").Clone();
    }
}
