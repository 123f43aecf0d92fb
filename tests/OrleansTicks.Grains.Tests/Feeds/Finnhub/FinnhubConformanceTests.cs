using OrleansTicks.Grains.Tests.Feeds.Live;

namespace OrleansTicks.Grains.Tests.Feeds.Finnhub;

/// <summary>The finnhub connector runs the live-connector suite against a fake Finnhub server.</summary>
public sealed class FinnhubConformanceTests : LiveFeedConformanceTests
{
    protected override async Task<LiveFeedTestVendor> StartVendorAsync() => await FinnhubTestVendor.StartAsync();
}
