using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.GrainInterfaces.Regeneration;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Market;

public sealed class FeedHostingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 15, 0, 10, TimeSpan.Zero);

    [Fact]
    public async Task An_unknown_feed_kind_stops_the_silo_at_start_naming_the_valid_kinds()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => MarketSilo.StartAsync(new() { ["Feed:Kind"] = "bloomberg" }));

        Assert.Contains("Feed:Kind is 'bloomberg'; valid: binance, finnhub, none, replay, simulator, yahoo.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_simulator_a_symbol_gets_history_on_first_use_that_ends_where_the_feed_began()
    {
        var clock = new ManualTimeProvider(Now);
        await using var silo = await MarketSilo.StartAsync(new() { ["Feed:Kind"] = "simulator", ["Feed:Simulator:TradesPerSecond"] = "1000" }, clock);
        await Wait.UntilAsync(() => silo.Metrics.TradesApplied > 0, "the simulator's first batch to be applied");
        var grain = silo.Grains.GetGrain<ISymbolGrain>("AAPL");

        var jobId = await grain.EnsureHistoryAsync().Within();
        Assert.NotNull(jobId);
        var observer = new RecordingObserver();
        await silo.Grains.GetGrain<IRegenerationJobGrain>(jobId).SubscribeAsync(silo.Grains.CreateObjectReference<IRegenerationObserver>(observer)).Within();
        var finished = await observer.Finished.Task.Within();

        Assert.True(finished.State == RegenerationState.Completed, finished.Error);
        var feedStart = new DateTime(2026, 11, 20, 15, 0, 0, DateTimeKind.Utc);
        Assert.Equal(feedStart, finished.To);
        var history = await silo.Store.ReadAsync("AAPL", DateTime.MinValue, feedStart);
        Assert.Equal(finished.BarCount, history.Count);
        Assert.True(history[0].Bar.Start <= feedStart.AddYears(-5).AddDays(1));
        Assert.Equal(feedStart.AddMinutes(-1), history[^1].Bar.Start);
        Assert.Null(await grain.EnsureHistoryAsync().Within()); // once is enough
        Assert.True(silo.Services.GetService(typeof(FeedIngestorService)) is FeedIngestorService { Connector.IsSimulated: true });
    }
}
