using OrleansTicks.Grains.Tests.Feeds.Live;

namespace OrleansTicks.Grains.Tests.Feeds.Binance;

/// <summary>The binance connector on the raw endpoint (<c>/ws</c>) with <c>@trade</c> payloads runs the suite.</summary>
public sealed class BinanceRawTradeConformanceTests : LiveFeedConformanceTests
{
    protected override async Task<LiveFeedTestVendor> StartVendorAsync() => await BinanceTestVendor.StartAsync(combined: false, aggTrade: false);
}
