using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.Grains.Feeds.Yahoo;
using OrleansTicks.Grains.Storage;
using OrleansTicks.Grains.Tests.Market;
using OrleansTicks.TestKit;
using OrleansTicks.TestKit.Feeds;

namespace OrleansTicks.Grains.Tests.Feeds.Yahoo;

/// <summary>The importer in a silo, through the ingestor and the symbol grains into a bar store on disk: imported bars
/// merge with what is stored and are never stored twice — not by polling the same day again, not by a second importer
/// that knows nothing of the first, not after a restart.</summary>
public sealed class YahooPipelineTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"orleansticks-yahoo-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Repeated_imports_and_a_restart_store_every_served_bar_exactly_once()
    {
        await using var server = await FakeYahooChartServer.StartAsync();
        var day = YahooCharts.Minutes(35); // 14:30 … 15:04
        var clock = new ManualTimeProvider(YahooHarness.Now);
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["ConnectionStrings:Sqlite"] = $"Data Source={_path}",
            ["Feed:Kind"] = "yahoo",
            ["Feed:Url"] = server.Url.AbsoluteUri,
            ["Feed:Symbols:0"] = "AAPL",
        };

        server.Serve("AAPL", day[..31]); // at 15:00:40, 15:00 is forming
        await using (var first = await MarketSilo.StartAsync(settings, clock))
        {
            var yahoo = first.Services.GetRequiredService<YahooFeedConnector>();
            await WaitForImportAsync(first, yahoo, polls: 1);
            server.Serve("AAPL", day[..32]);
            await first.WhenIdleAsync();
            clock.Advance(YahooHarness.PollInterval); // 15:01:40: 15:00 is final
            await WaitForImportAsync(first, yahoo, polls: 2);
            Assert.Equal(31, yahoo.Statistics.BarsImported);

            // A second importer without a watermark (its store is empty) sends the whole day again: all duplicates.
            var applied = first.Metrics.TradesApplied;
            var duplicates = first.Metrics.TradesDuplicate;
            var blind = ActivatorUtilities.CreateInstance<YahooFeedConnector>(first.Services, new MemoryBarStore());
            using var stop = new CancellationTokenSource();
            var run = blind.RunAsync(first.Ingestor, stop.Token);
            await Wait.UntilAsync(() => blind.Statistics.Polls == 1, "the second importer's poll");
            await stop.CancelAsync();
            await run.Within();
            await Wait.UntilAsync(() => first.Metrics.TradesDuplicate - duplicates == blind.Statistics.TradesPublished, "the repeats to reach the grain");
            Assert.Equal(applied, first.Metrics.TradesApplied);
        }

        server.Serve("AAPL", day[..35]);
        clock.Advance(2 * YahooHarness.PollInterval); // 15:03:40: 15:01 and 15:02 have closed
        await using var second = await MarketSilo.StartAsync(settings, clock);
        var restarted = second.Services.GetRequiredService<YahooFeedConnector>();
        await WaitForImportAsync(second, restarted, polls: 1);
        Assert.Equal(2, restarted.Statistics.BarsImported); // the watermark came from the store
        await second.StopAsync();

        var stored = await second.Store.ReadAsync("AAPL", DateTime.MinValue, DateTime.MaxValue);
        Assert.Equal(
            day[..33].Select(m => (m.Start, m.Open, m.High, m.Low, m.Close, (decimal?)m.Volume)),
            stored.Select(s => (s.Bar.Start, (decimal?)s.Bar.Open, (decimal?)s.Bar.High, (decimal?)s.Bar.Low, (decimal?)s.Bar.Close, (decimal?)s.Bar.Volume)));
        Assert.Equal((decimal)day[..33].Sum(m => m.Volume!.Value), stored.Sum(s => s.Bar.Volume));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bars = _path.Replace(".db", "-bars.db", StringComparison.Ordinal);
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm", bars, bars + "-wal", bars + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static async Task WaitForImportAsync(MarketSilo silo, YahooFeedConnector yahoo, int polls)
    {
        await Wait.UntilAsync(() => yahoo.Statistics.Polls >= polls, () => $"{polls} polls ({yahoo.Statistics})");
        await Wait.UntilAsync(
            () => silo.Metrics.TradesApplied + silo.Metrics.TradesDuplicate >= yahoo.Statistics.TradesPublished,
            "the imported trades to reach the symbol grain");
    }
}
