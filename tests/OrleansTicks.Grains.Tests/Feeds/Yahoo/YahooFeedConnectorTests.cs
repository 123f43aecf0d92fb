using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Storage;
using OrleansTicks.TestKit;
using OrleansTicks.TestKit.Feeds;

namespace OrleansTicks.Grains.Tests.Feeds.Yahoo;

public sealed class YahooFeedConnectorTests
{
    [Fact]
    public async Task Closed_minutes_become_trades_that_aggregate_to_the_served_bars_exactly()
    {
        await using var harness = await YahooHarness.CreateAsync(["AAPL"]);
        var served = YahooCharts.Minutes(31); // 14:30 … 15:00; 15:00 is still forming at 15:00:40
        harness.Server.Serve("AAPL", served);

        harness.Start();
        await harness.WaitForPollsAsync(1);

        AssertBarsEqual(served[..30], harness.Sink.Trades);
        Assert.All(harness.Sink.Trades, t => Assert.Equal("AAPL", t.Symbol));
        Assert.Equal("?range=1d&interval=1m", harness.Server.Queries.Single());
        var status = harness.Connector.GetStatus();
        Assert.Equal((FeedConnectionState.Connected, 1L, 0L), (status.State, status.MessagesReceived, status.BadMessages));
        Assert.Equal(30, harness.Connector.Statistics.BarsImported);
    }

    [Fact]
    public async Task Later_polls_send_each_minute_once_and_a_forming_minute_once_it_has_closed()
    {
        await using var harness = await YahooHarness.CreateAsync(["AAPL"]);
        var day = YahooCharts.Minutes(33);
        harness.Server.Serve("AAPL", [.. day[..30], day[30] with { Volume = 5 }]); // 15:00 forming: not its final volume
        harness.Start();
        await harness.WaitForPollsAsync(1);
        var first = harness.Sink.Trades.Count;

        harness.Server.Serve("AAPL", day[..32]); // 15:00 final, 15:01 forming
        harness.NextPoll(); // 15:01:40: 15:00 has closed and settled
        await harness.WaitForPollsAsync(2);
        harness.NextPoll(); // 15:02:40: 15:01 has
        await harness.WaitForPollsAsync(3);
        harness.NextPoll(); // 15:03:40: the same chart, nothing new
        await harness.WaitForPollsAsync(4);

        AssertBarsEqual(day[..32], harness.Sink.Trades);
        Assert.Equal([first, BarTrades(day[30]), BarTrades(day[31])], harness.Sink.Batches.Select(b => b.Count));
        Assert.Equal(4, harness.Server.Requests("AAPL"));
    }

    [Theory]
    [InlineData(60)] // past the next poll
    [InlineData(35)] // part of the way: the test then moves it the rest
    public async Task A_clock_that_moves_while_the_importer_arms_its_wait_still_wakes_it_on_time(int movedSeconds)
    {
        // The race CI met once: the test moved the clock after the importer had computed its wait and before it had
        // armed the timer, so the timer was armed that much late and the next poll never came.
        ClockMovingOnArming? moving = null;
        await using var harness = await YahooHarness.CreateAsync(["AAPL"],
            importerClock: clock => moving = new ClockMovingOnArming(clock, YahooHarness.PollInterval, TimeSpan.FromSeconds(movedSeconds)));
        harness.Server.Serve("AAPL", YahooCharts.Minutes(33)[..32]);
        harness.Start();
        await harness.WaitForPollsAsync(1);
        await Wait.UntilAsync(() => moving!.Moved, "the clock moved while the importer armed its wait");

        harness.Clock.Advance(YahooHarness.PollInterval - TimeSpan.FromSeconds(movedSeconds));
        await harness.WaitForPollsAsync(2);

        Assert.Equal(2, harness.Server.Requests("AAPL"));
    }

    [Fact]
    public async Task Every_import_of_a_minute_gives_the_same_trade_ids_so_the_symbol_grains_drop_repeats()
    {
        var served = YahooCharts.Minutes(30);
        List<Trade> first;
        await using (var harness = await YahooHarness.CreateAsync(["AAPL"]))
        {
            harness.Server.Serve("AAPL", served);
            harness.Start();
            await harness.WaitForPollsAsync(1);
            first = harness.Sink.Trades;
        }

        await using var again = await YahooHarness.CreateAsync(["AAPL"]); // a restart that lost its store
        again.Server.Serve("AAPL", served);
        again.Start();
        await again.WaitForPollsAsync(1);

        Assert.Equal(first, again.Sink.Trades);
        Assert.Equal(first.Count, first.Select(t => t.TradeId).Distinct().Count());
        var minute = new DateTimeOffset(YahooCharts.Open).ToUnixTimeSeconds() / 60;
        Assert.Equal(minute * 4, first[0].TradeId); // minute × 4 + j
        Assert.True(first.Max(t => t.TradeId) < (1L << 53));
    }

    [Fact]
    public async Task A_restarted_importer_sends_nothing_at_or_before_the_latest_stored_bar()
    {
        await using var harness = await YahooHarness.CreateAsync(["AAPL"]);
        var served = YahooCharts.Minutes(30);
        harness.Server.Serve("AAPL", served);
        var stored = new Trade("AAPL", 1, 100m, 10m, YahooCharts.Open.AddMinutes(20).AddSeconds(5));
        await harness.Store.MergeAsync([new SymbolBar("AAPL", Bar.FromTrade(stored, stored.Minute))]);

        harness.Start();
        await harness.WaitForPollsAsync(1);

        AssertBarsEqual(served[21..], harness.Sink.Trades);
    }

    [Fact]
    public async Task A_newly_watched_symbol_is_fetched_at_once_under_yahoos_name_for_it()
    {
        await using var harness = await YahooHarness.CreateAsync([]);
        var served = YahooCharts.Minutes(10);
        harness.Server.Serve("BRK-B", served);
        harness.Start();

        harness.Demand.Watch("BRK.B");
        await harness.WaitForPollsAsync(1);

        AssertBarsEqual(served, harness.Sink.Trades);
        Assert.All(harness.Sink.Trades, t => Assert.Equal("BRK.B", t.Symbol));
    }

    [Fact]
    public async Task A_symbol_nobody_watches_any_more_is_not_fetched_after_the_grace()
    {
        await using var harness = await YahooHarness.CreateAsync(["AAPL"]);
        harness.Server.Serve("AAPL", YahooCharts.Minutes(5));
        harness.Server.Serve("MSFT", YahooCharts.Minutes(5, seed: 2));
        harness.Demand.Watch("MSFT");
        harness.Start();
        await harness.WaitForPollsAsync(2);

        harness.Demand.Unwatch("MSFT");
        harness.NextPoll(); // past the 10 s grace: only AAPL is due
        await harness.WaitForPollsAsync(3);
        harness.NextPoll();
        await harness.WaitForPollsAsync(4);

        Assert.Equal((3, 1), (harness.Server.Requests("AAPL"), harness.Server.Requests("MSFT")));
        Assert.Equal(1, harness.Connector.GetStatus().SubscribedSymbols);
    }

    [Fact]
    public async Task Configured_symbols_are_provided_to_the_symbol_directory()
    {
        await using var harness = await YahooHarness.CreateAsync(["^gspc", "AAPL"]);

        Assert.Equal(["^GSPC", "AAPL"], harness.Connector.ProvidedSymbols.Select(s => s.Symbol));
        Assert.Equal("yahoo", harness.Connector.ProvidedSymbols[0].Source);
    }

    /// <summary>How many trades BarToTrades makes of <paramref name="minute"/>: its price path without repeats.</summary>
    internal static int BarTrades(ChartMinute minute)
    {
        var rising = minute.Close >= minute.Open;
        decimal?[] path = [minute.Open, rising ? minute.Low : minute.High, rising ? minute.High : minute.Low, minute.Close];
        var count = 1;
        for (var i = 1; i < path.Length; i++)
        {
            count += path[i] != path[i - 1] ? 1 : 0;
        }

        return count;
    }

    /// <summary>The trades, aggregated to minutes, equal <paramref name="served"/>: same minutes, prices, volumes.</summary>
    internal static void AssertBarsEqual(IReadOnlyList<ChartMinute> served, IEnumerable<Trade> trades)
    {
        var bars = TradeBars.Aggregate(trades, BarInterval.OneMinute);
        Assert.Equal(served.Select(m => (m.Start, m.Open, m.High, m.Low, m.Close, (decimal?)m.Volume)),
            bars.Select(b => (b.Start, (decimal?)b.Open, (decimal?)b.High, (decimal?)b.Low, (decimal?)b.Close, (decimal?)b.Volume)));
    }

    /// <summary>A clock that, the first time a timer of <paramref name="delay"/> is armed on it, moves by
    /// <paramref name="move"/> just before arming it: the test's <c>Advance</c> landing between the importer reading the
    /// clock and arming its wait.</summary>
    private sealed class ClockMovingOnArming(ManualTimeProvider clock, TimeSpan delay, TimeSpan move) : TimeProvider
    {
        private int _moving;
        private volatile bool _moved;

        /// <summary>Whether the clock has moved and the timer been armed.</summary>
        public bool Moved => _moved;

        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override long GetTimestamp() => clock.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != delay || Interlocked.Exchange(ref _moving, 1) != 0)
            {
                return clock.CreateTimer(callback, state, dueTime, period);
            }

            clock.Advance(move);
            var timer = clock.CreateTimer(callback, state, dueTime, period);
            _moved = true;
            return timer;
        }
    }
}
