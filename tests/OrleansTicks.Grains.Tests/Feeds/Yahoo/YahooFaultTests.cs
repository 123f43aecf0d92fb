using Microsoft.Extensions.Logging;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.TestKit.Feeds;

namespace OrleansTicks.Grains.Tests.Feeds.Yahoo;

/// <summary>The importer survives what a chart server can do wrong, counts it, and goes on.</summary>
public sealed class YahooFaultTests
{
    [Fact]
    public async Task Empty_null_garbage_absurd_and_out_of_order_minutes_are_skipped_and_counted_once()
    {
        await using var harness = await YahooHarness.CreateAsync(["AAPL"]);
        var good = YahooCharts.Minutes(12);
        var at = (int i) => good[i].Time;
        List<ChartMinute> served =
        [
            good[0],
            ChartMinute.Empty(good[1].Start),                   // no trades: empty, not bad
            good[2] with { High = null },                       // a null among values
            good[3] with { Open = 0m, Low = 0m },               // not a price
            good[4] with { High = 2_000_000_000m },             // absurd price
            good[5] with { Volume = -5 },                       // negative volume
            good[6] with { Low = good[6].High + 1m },           // low above high
            good[7] with { Open = 777.125m },                   // replaced by a string below
            good[8],
            good[10],
            good[9],                                            // out of order
            good[10],                                           // repeated
            good[11] with { Time = at(11) + 7 },                // not on a minute, and not last
            good[11],
        ];
        var json = FakeYahooChartServer.ChartJson("AAPL", served).Replace("777.125", "\"n/a\"", StringComparison.Ordinal);
        harness.Server.Answer("AAPL", 200, json);

        harness.Start();
        await harness.WaitForPollsAsync(1);
        harness.NextPoll();
        await harness.WaitForPollsAsync(2);

        YahooFeedConnectorTests.AssertBarsEqual([good[0], good[8], good[10], good[11]], harness.Sink.Trades);
        var statistics = harness.Connector.Statistics;
        Assert.Equal((1L, 9L, 4L), (statistics.EmptyMinutes, statistics.BadMinutes, statistics.BarsImported));
        Assert.Equal(9, harness.Connector.GetStatus().BadMessages);
        var logged = Assert.Single(harness.Log.Entries, e => e.Id.Id == 4425);
        Assert.Contains("a value is null (open", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trailing_live_point_off_the_minute_is_passed_over_quietly()
    {
        await using var harness = await YahooHarness.CreateAsync(["AAPL"]);
        var good = YahooCharts.Minutes(3);
        harness.Server.Serve("AAPL", [.. good, good[2] with { Time = good[2].Time + 95 }]);

        harness.Start();
        await harness.WaitForPollsAsync(1);

        YahooFeedConnectorTests.AssertBarsEqual(good, harness.Sink.Trades);
        Assert.Equal(0, harness.Connector.GetStatus().BadMessages);
    }

    [Fact]
    public async Task Server_errors_garbage_and_timeouts_are_counted_retried_with_a_growing_backoff_and_recovered_from()
    {
        await using var harness = await YahooHarness.CreateAsync(["AAPL"]);
        var start = harness.Clock.GetUtcNow();
        harness.Server.Answer("AAPL", 503, "upstream unavailable");
        harness.Start();
        await harness.WaitForPollsAsync(1);
        Assert.Equal(start + YahooHarness.PollInterval, harness.Connector.NextPollOf("AAPL"));
        var status = harness.Connector.GetStatus();
        Assert.Equal(FeedConnectionState.Connecting, status.State);
        Assert.Contains("HTTP 503", status.LastError, StringComparison.Ordinal);

        harness.Server.Answer("AAPL", 200, "<html>rate limited</html>");
        harness.Clock.Advance(YahooHarness.PollInterval);
        await harness.WaitForPollsAsync(2);
        Assert.Equal(start + (3 * YahooHarness.PollInterval), harness.Connector.NextPollOf("AAPL")); // then 2 ×

        harness.Server.Hang("AAPL");
        harness.Clock.Advance(2 * YahooHarness.PollInterval);
        await harness.Server.WaitForRequestsAsync("AAPL", 3);
        harness.Clock.Advance(TimeSpan.FromSeconds(10)); // the request timeout
        await harness.WaitForPollsAsync(3);
        Assert.Equal(start + (3 * YahooHarness.PollInterval) + (4 * YahooHarness.PollInterval), harness.Connector.NextPollOf("AAPL")); // then 4 ×
        Assert.Contains("no answer within 10 s", harness.Connector.GetStatus().LastError, StringComparison.Ordinal);

        var served = YahooCharts.Minutes(30);
        harness.Server.Serve("AAPL", served);
        harness.Clock.Advance(4 * YahooHarness.PollInterval);
        await harness.WaitForPollsAsync(4);

        Assert.Equal(FeedConnectionState.Connected, harness.Connector.GetStatus().State);
        YahooFeedConnectorTests.AssertBarsEqual(served, harness.Sink.Trades);
        var statistics = harness.Connector.Statistics;
        Assert.Equal((2L, 1L, 1L), (statistics.Failures, statistics.BadAnswers, statistics.Charts));
        Assert.Equal([4421, 4422], harness.Log.Entries.Where(e => e.Level >= LogLevel.Information && e.Id.Id != 4420).Select(e => e.Id.Id));
    }

    [Fact]
    public async Task A_symbol_yahoo_does_not_know_is_a_vendor_error_and_the_others_still_import()
    {
        await using var harness = await YahooHarness.CreateAsync(["AAPL", "NOSUCH"]);
        var served = YahooCharts.Minutes(5);
        harness.Server.Serve("AAPL", served);

        harness.Start();
        await harness.WaitForPollsAsync(2);

        YahooFeedConnectorTests.AssertBarsEqual(served, harness.Sink.Trades);
        Assert.Equal(1, harness.Connector.Statistics.VendorErrors);
        var status = harness.Connector.GetStatus();
        Assert.Equal((1L, 1L, 2), (status.BadMessages, status.VendorErrors, status.SubscribedSymbols));
        var logged = Assert.Single(harness.Log.Entries, e => e.Id.Id == 4423);
        Assert.Contains("Not Found: No data found, symbol may be delisted", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sink_that_throws_costs_the_symbol_a_backoff_not_the_feed_and_the_minutes_come_again()
    {
        await using var harness = await YahooHarness.CreateAsync(["AAPL"]);
        var served = YahooCharts.Minutes(10);
        harness.Server.Serve("AAPL", served);
        var sink = new ThrowingOnceSink(harness.Sink);

        harness.Start(sink);
        await harness.WaitForPollsAsync(1);
        Assert.Empty(harness.Sink.Trades);
        Assert.Equal(1, harness.Connector.Statistics.Failures);
        harness.NextPoll();
        await harness.WaitForPollsAsync(2);

        YahooFeedConnectorTests.AssertBarsEqual(served, harness.Sink.Trades);
        Assert.Single(harness.Log.Entries, e => e.Id.Id == 4428);
    }

    [Theory]
    [InlineData("AAPL", "5m")]
    [InlineData("MSFT", "1m")]
    public async Task A_chart_of_another_granularity_or_symbol_is_a_bad_answer(string chartSymbol, string granularity)
    {
        await using var harness = await YahooHarness.CreateAsync(["AAPL"]);
        harness.Server.Answer("AAPL", 200, FakeYahooChartServer.ChartJson(chartSymbol, YahooCharts.Minutes(5), granularity));

        harness.Start();
        await harness.WaitForPollsAsync(1);

        Assert.Empty(harness.Sink.Trades);
        Assert.Equal(1, harness.Connector.Statistics.BadAnswers);
    }

    private sealed class ThrowingOnceSink(ITradeSink inner) : ITradeSink
    {
        private int _calls;

        public ValueTask PublishAsync(ReadOnlyMemory<Trade> trades, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _calls) == 1
                ? throw new InvalidOperationException("The stream provider is down.")
                : inner.PublishAsync(trades, cancellationToken);
    }
}
