using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Simulator;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Feeds.Simulator;

public sealed class SimulatorFeedConnectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Simulator_with_the_same_seed_and_start_produces_the_same_trades()
    {
        var first = await RunUnpacedAsync(new SimulatorOptions { Seed = 5, TradesPerSecond = 0 }, 10_000);
        var second = await RunUnpacedAsync(new SimulatorOptions { Seed = 5, TradesPerSecond = 0 }, 10_000);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Simulator_with_another_seed_produces_other_trades()
    {
        var first = await RunUnpacedAsync(new SimulatorOptions { Seed = 5, TradesPerSecond = 0 }, 1_000);
        var second = await RunUnpacedAsync(new SimulatorOptions { Seed = 6, TradesPerSecond = 0 }, 1_000);

        Assert.NotEqual(first.Select(t => (t.Symbol, t.Price)), second.Select(t => (t.Symbol, t.Price)));
    }

    [Fact]
    public async Task Simulator_started_a_second_later_continues_above_the_earlier_run_s_ids()
    {
        var first = await RunUnpacedAsync(new SimulatorOptions { Seed = 5, TradesPerSecond = 0 }, 5_000, Start);
        var second = await RunUnpacedAsync(new SimulatorOptions { Seed = 5, TradesPerSecond = 0 }, 5_000, Start.AddSeconds(1));

        Assert.Equal(first.Select(t => (t.Symbol, t.Price, t.Size)), second.Select(t => (t.Symbol, t.Price, t.Size)));
        Assert.Equal(Start.ToUnixTimeSeconds() * SimulatorFeedConnector.TradeIdsPerStartSecond + 1, first.Min(t => t.TradeId));
        Assert.True(second.Min(t => t.TradeId) > first.Max(t => t.TradeId));
    }

    [Fact]
    public async Task Simulator_trades_only_the_configured_symbols_up_to_the_count()
    {
        var trades = await RunUnpacedAsync(new SimulatorOptions { TradesPerSecond = 0, Symbols = ["msft", "AAPL", "BRK.B"], SymbolCount = 2 }, 2_000);

        Assert.Equal(["AAPL", "MSFT"], trades.Select(t => t.Symbol).Distinct().Order());
    }

    [Fact]
    public void Simulator_provides_the_503_constituents_as_simulated_symbols()
    {
        var connector = Create(new SimulatorOptions(), new ManualTimeProvider(Start));

        Assert.Equal(503, connector.ProvidedSymbols.Count);
        Assert.True(connector.IsSimulated);
        Assert.Equal("simulator", connector.Kind);
        Assert.Contains(connector.ProvidedSymbols, s => s is { Symbol: "BRK.B", Description: "Berkshire Hathaway", Source: "simulator" });
    }

    [Fact]
    public async Task Simulator_paces_batches_by_the_clock_and_stamps_them_with_it()
    {
        var clock = new ManualTimeProvider(Start);
        var connector = Create(new SimulatorOptions { TradesPerSecond = 1_000, BatchSize = 100 }, clock);
        var sink = new CapturingTradeSink(clock);

        var run = connector.RunAsync(sink, sink.Stop.Token);
        await sink.WaitForBatchesAsync(1);
        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Single(sink.Batches);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await sink.WaitForBatchesAsync(2);
        clock.Advance(TimeSpan.FromMilliseconds(99.9));
        Assert.Equal(2, sink.Batches.Count);
        clock.Advance(TimeSpan.FromMilliseconds(0.1));
        await sink.WaitForBatchesAsync(3);
        await sink.Stop.CancelAsync();
        await run;

        Assert.Equal([Start, Start.AddMilliseconds(100), Start.AddMilliseconds(200)], sink.Batches.Select(b => b.At));
        Assert.All(sink.Batches, b => Assert.Equal(100, b.Count));
        Assert.Equal(Start.AddMilliseconds(200).UtcDateTime, sink.Trades[^1].Time);
        var status = connector.GetStatus();
        Assert.Equal(FeedConnectionState.Idle, status.State);
        Assert.Equal(300, status.MessagesReceived);
        Assert.Equal(Start.AddMilliseconds(200).UtcDateTime, status.LastMessageAt);
    }

    [Fact]
    public async Task Simulator_behind_its_pace_by_more_than_a_second_restarts_the_pace_instead_of_bursting()
    {
        var clock = new ManualTimeProvider(Start);
        var logger = new ListLogger<SimulatorFeedConnector>();
        var connector = new SimulatorFeedConnector(Options.Create(new SimulatorOptions { TradesPerSecond = 1_000, BatchSize = 100 }), clock, logger);
        var sink = new CapturingTradeSink(clock);
        var slowOnce = new SlowFirstBatchSink(clock, sink, TimeSpan.FromSeconds(2));

        var run = connector.RunAsync(slowOnce, sink.Stop.Token);
        await sink.WaitForBatchesAsync(2);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await sink.WaitForBatchesAsync(3);
        await sink.Stop.CancelAsync();
        await run;

        Assert.Equal([Start, Start.AddSeconds(2), Start.AddSeconds(2.1)], sink.Batches.Select(b => b.At));
        Assert.Equal([4302], logger.Entries.Where(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => e.Id.Id));
    }

    [Fact]
    public async Task Simulator_with_virtual_time_stamps_trade_k_at_k_over_the_rate()
    {
        var clock = new ManualTimeProvider(Start);
        var connector = Create(new SimulatorOptions { TradesPerSecond = 0, VirtualTime = true, BatchSize = 10 }, clock);
        var sink = new CapturingTradeSink(clock, stopAfterTrades: 20);

        await connector.RunAsync(sink, sink.Stop.Token);

        var perTrade = TimeSpan.FromSeconds(1.0 / SimulatorOptions.UnpacedModelTradesPerSecond);
        Assert.Equal(Enumerable.Range(1, 20).Select(k => Start.UtcDateTime + (perTrade * k)), sink.Trades.Select(t => t.Time));
    }

    [Fact]
    public async Task Simulator_reports_connected_while_running()
    {
        var clock = new ManualTimeProvider(Start);
        var connector = Create(new SimulatorOptions { TradesPerSecond = 10, BatchSize = 10 }, clock);
        var sink = new CapturingTradeSink(clock);
        Assert.Equal(FeedConnectionState.Idle, connector.GetStatus().State);

        var run = connector.RunAsync(sink, sink.Stop.Token);
        await sink.WaitForBatchesAsync(1);
        var status = connector.GetStatus();
        await sink.Stop.CancelAsync();
        await run;

        Assert.Equal(FeedConnectionState.Connected, status.State);
        Assert.Equal("seed 42, 503 symbols, 10 trades/s", status.Source);
    }

    /// <summary>A sink whose first batch takes <c>delay</c> of the clock's time, like a sink that fell behind.</summary>
    private sealed class SlowFirstBatchSink(ManualTimeProvider clock, CapturingTradeSink inner, TimeSpan delay) : ITradeSink
    {
        private bool _slowed;

        public ValueTask PublishAsync(ReadOnlyMemory<GrainInterfaces.Market.Trade> trades, CancellationToken cancellationToken = default)
        {
            var published = inner.PublishAsync(trades, cancellationToken);
            if (!_slowed)
            {
                _slowed = true;
                clock.Advance(delay);
            }

            return published;
        }
    }

    internal static SimulatorFeedConnector Create(SimulatorOptions options, TimeProvider clock) =>
        new(Options.Create(options), clock, NullLogger<SimulatorFeedConnector>.Instance);

    private static async Task<List<GrainInterfaces.Market.Trade>> RunUnpacedAsync(SimulatorOptions options, int count, DateTimeOffset? start = null)
    {
        var clock = new ManualTimeProvider(start ?? Start);
        var sink = new CapturingTradeSink(clock, count);
        await Create(options, clock).RunAsync(sink, sink.Stop.Token);
        return sink.Trades.Take(count).ToList();
    }
}
