using OrleansTicks.HubLoad;
using OrleansTicks.TestKit;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>The load harness's hand-spoken hub client (bench/OrleansTicks.HubLoad) against a live hub: its figures
/// are only worth something if it shakes hands, subscribes, counts rejections and reads each quote's trade time as the
/// official clients do.</summary>
public sealed class HubLoadClientTests
{
    [Fact]
    public async Task The_raw_load_client_subscribes_counts_rejections_and_measures_from_the_quotes_trade_time()
    {
        await using var server = await LiveServer.StartAsync();
        var stats = new LoadStats(slowMs: 1_000);
        await using var client = new RawHubConnection(new UriBuilder(server.HubUrl) { Scheme = "ws" }.Uri, key: null, stats);

        var rejected = await client.StartAsync(["AAPL", "NOPE1", "not a symbol"], CancellationToken.None).Within();
        var window = stats.StartWindow();
        // Stamped 2 s ago: the measured delay can only reach 2,000 ms if the client read this trade's time.
        await server.TradeAsync("AAPL", 187.25m, time: DateTime.UtcNow.AddSeconds(-2));
        await Wait.UntilAsync(() => stats.Quotes == 1 && stats.Bars == 1, () => $"1 quote and 1 bar (saw {stats.Quotes} and {stats.Bars})");
        await client.PingAsync(CancellationToken.None).Within(); // the hub protocol's keep-alive is accepted
        var result = stats.EndWindow(window);

        Assert.Equal(2, rejected);
        Assert.Equal(1, result.LatencyMs!.Samples);
        Assert.InRange(result.LatencyMs.P50, 2_000, 2_000 + Wait.Generous.TotalMilliseconds);
        Assert.Equal("AAPL", Assert.Single(result.SlowQuotes!).Symbol);
        Assert.Empty(result.Errors);
        Assert.Equal(1, server.CountOnThisNode("AAPL"));
    }
}
