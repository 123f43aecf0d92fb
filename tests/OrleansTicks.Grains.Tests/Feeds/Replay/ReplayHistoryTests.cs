using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds.Replay;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Feeds.Replay;

/// <summary>Every real file of tests/data/history, replayed and aggregated again, gives back each good row exactly.</summary>
public sealed class ReplayHistoryTests
{
    public static TheoryData<string> Files => [.. HistoryFiles.BarFiles.Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Replayed_history_aggregates_back_to_every_good_row_exactly(string file)
    {
        var path = Path.Combine(HistoryFiles.Directory, file);
        var rows = HistoryFiles.Read(path);
        var good = rows.Where(r => r.IsGood).Select(r => r.Bar!.Value).ToList();
        var clock = new ManualTimeProvider();
        var sink = new CapturingTradeSink(clock);
        var connector = new ReplayFeedConnector(
            Options.Create(new ReplayOptions { Path = path, Symbol = "TEST", Speed = 0 }), clock, NullLogger<ReplayFeedConnector>.Instance);

        await connector.RunAsync(sink, CancellationToken.None);

        var interval = good.All(b => b.IsDaily) ? TradeBars.OneDay : BarInterval.OneMinute;
        Assert.True(good.All(b => b.IsDaily) || good.All(b => !b.IsDaily), "a history file is all daily or all intraday");
        var bars = TradeBars.Aggregate(sink.Trades, interval);
        Assert.Equal(good.Select(b => b.Start), bars.Select(b => b.Start));
        foreach (var (row, bar) in good.Zip(bars))
        {
            Assert.Equal((row.Line, row.Open, row.High, row.Low, row.Close, row.Volume), (row.Line, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume));
        }

        Assert.True(good.Count > 1_000, $"{file} has {good.Count} good rows");
        var status = connector.GetStatus();
        Assert.Equal(FeedConnectionState.Completed, status.State);
        Assert.Equal(rows.Count, status.MessagesReceived);
        Assert.Equal(rows.Count - good.Count, status.BadMessages);
    }

    [Fact]
    public async Task Replayed_SPY_history_reports_and_skips_the_two_rows_whose_low_is_above_the_open()
    {
        var clock = new ManualTimeProvider();
        var logger = new ListLogger<ReplayFeedConnector>();
        var sink = new CapturingTradeSink(clock);
        var connector = new ReplayFeedConnector(
            Options.Create(new ReplayOptions { Path = HistoryFiles.Daily("SPY"), Symbol = "SPY", Speed = 0 }), clock, logger);

        await connector.RunAsync(sink, CancellationToken.None);

        Assert.Equal(
            [
                new CsvBarRow(1808, null, "the low 209.850006 is above the open 209.419998"),
                new CsvBarRow(1825, null, "the low 206.960007 is above the open 205.740005"),
            ],
            connector.BadRows);
        Assert.Equal(2, connector.GetStatus().BadMessages);
        Assert.Equal(
            [
                $"Replay of {HistoryFiles.Daily("SPY")}: line 1808 skipped: the low 209.850006 is above the open 209.419998",
                $"Replay of {HistoryFiles.Daily("SPY")}: line 1825 skipped: the low 206.960007 is above the open 205.740005",
            ],
            logger.Entries.Where(e => e.Id.Id == 4321).Select(e => e.Message));
        Assert.DoesNotContain(sink.Trades, t => t.Time.Date == new DateTime(2015, 3, 5) || t.Time.Date == new DateTime(2015, 3, 30));
    }
}
