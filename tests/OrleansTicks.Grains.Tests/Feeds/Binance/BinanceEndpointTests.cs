using OrleansTicks.Grains.Feeds.Binance;

namespace OrleansTicks.Grains.Tests.Feeds.Binance;

public sealed class BinanceEndpointTests
{
    [Theory]
    [InlineData(null, null, "wss://stream.binance.com:9443/ws", false)]
    [InlineData(null, true, "wss://stream.binance.com:9443/stream", true)]
    [InlineData("wss://data-stream.binance.vision", false, "wss://data-stream.binance.vision/ws", false)]
    [InlineData("ws://127.0.0.1:5000/stream?streams=btcusdt@trade/ethusdt@trade", null, "ws://127.0.0.1:5000/stream?streams=btcusdt@trade/ethusdt@trade", true)]
    [InlineData("ws://127.0.0.1:5000/ws/btcusdt@trade", null, "ws://127.0.0.1:5000/ws/btcusdt@trade", false)]
    [InlineData("ws://127.0.0.1:5000/stream", true, "ws://127.0.0.1:5000/stream", true)]
    public void The_endpoint_comes_from_the_url_path_or_the_Combined_setting(string? url, bool? combined, string expected, bool isCombined)
    {
        var endpoint = BinanceEndpoint.Resolve(url is null ? null : new Uri(url), combined, out var problem);

        Assert.Null(problem);
        Assert.Equal(new BinanceEndpoint(new Uri(expected), isCombined), endpoint);
    }

    [Theory]
    [InlineData("ws://127.0.0.1:5000/ws", true, "Feed:Binance:Combined is True, but the path of Feed:Url 'ws://127.0.0.1:5000/ws' is the raw (/ws) endpoint")]
    [InlineData("wss://stream.binance.com:9443/stream", false, "Feed:Binance:Combined is False, but the path of Feed:Url 'wss://stream.binance.com:9443/stream' is the combined (/stream) endpoint")]
    [InlineData("https://api.binance.com", null, "Feed:Url is 'https://api.binance.com/'; the binance feed needs a ws:// or wss:// address")]
    public void A_url_that_contradicts_the_setting_or_is_not_a_websocket_is_refused_naming_both(string url, bool? combined, string expected)
    {
        Assert.Null(BinanceEndpoint.Resolve(new Uri(url), combined, out var problem));

        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }
}
