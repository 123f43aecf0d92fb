using OrleansTicks.Grains.Tests.Feeds.Live;

namespace OrleansTicks.Grains.Tests.Feeds.Binance;

/// <summary>The binance connector on the combined endpoint (<c>/stream</c>) with <c>@aggTrade</c> payloads runs the
/// suite.</summary>
public sealed class BinanceCombinedAggTradeConformanceTests : LiveFeedConformanceTests
{
    protected override async Task<LiveFeedTestVendor> StartVendorAsync() => await BinanceTestVendor.StartAsync(combined: true, aggTrade: true);
}
