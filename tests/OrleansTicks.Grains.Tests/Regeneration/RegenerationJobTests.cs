using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.GrainInterfaces.Regeneration;
using OrleansTicks.Grains.Regeneration;
using OrleansTicks.Grains.Storage;
using OrleansTicks.Grains.Tests.Market;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Regeneration;

public sealed class RegenerationJobTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 15, 0, 30, DateTimeKind.Utc);

    private static ManualTimeProvider Clock() => new(new DateTimeOffset(Now));

    [Fact]
    public async Task A_job_replaces_the_range_notifies_its_requester_and_keeps_bars_outside_it()
    {
        await using var silo = await MarketSilo.StartAsync(clock: Clock());
        var outside = Bar(Now.AddDays(-3)); // before a 1d range
        var inside = Bar(Now.AddHours(-2));
        await silo.Store.MergeAsync([new SymbolBar("AMD", outside), new SymbolBar("AMD", inside)]);
        await silo.PublishAsync([new Trade("AMD", 1, 150.5m, 10m, Now)]); // the live price the history ends at
        var observer = new RecordingObserver();
        var request = new RegenerationRequest("AMD", "1d", "1m", 42);

        var queued = await silo.Grains.GetGrain<IRegenerationJobGrain>("job-1")
            .StartAsync(request, silo.Grains.CreateObjectReference<IRegenerationObserver>(observer)).Within();
        var finished = await observer.Finished.Task.Within();

        Assert.Equal(RegenerationState.Queued, queued.State);
        Assert.Equal(RegenerationState.Completed, finished.State);
        Assert.Null(finished.Error);
        Assert.Equal(1d, finished.Progress);
        var plan = HistoryPlan.For(request, Now);
        Assert.Equal((plan.BarCount, plan.From, plan.To), (finished.BarCount, finished.From!.Value, finished.To!.Value));
        var stored = await silo.Store.ReadAsync("AMD", DateTime.MinValue, DateTime.MaxValue);
        Assert.Equal(outside, stored[0].Bar);
        Assert.Equal(HistoryGenerator.Generate(plan, 42, 150.5m), stored.Skip(1).Take((int)plan.BarCount).Select(s => s.Bar));
        Assert.DoesNotContain(stored, s => s.Bar == inside);
        Assert.Equal(finished, await silo.Grains.GetGrain<IRegenerationJobGrain>("job-1").GetStatusAsync().Within());
    }

    [Fact]
    public async Task Same_seed_gives_the_same_stored_bars()
    {
        await using var silo = await MarketSilo.StartAsync(clock: Clock());
        var request = new RegenerationRequest("QCOM", "5d", "5m", 9);

        var first = await RunAsync(silo, "seed-a", request);
        var bars = await silo.Store.ReadAsync("QCOM", DateTime.MinValue, DateTime.MaxValue);
        var second = await RunAsync(silo, "seed-b", request);
        var again = await silo.Store.ReadAsync("QCOM", DateTime.MinValue, DateTime.MaxValue);

        Assert.True(first.State == RegenerationState.Completed, first.Error);
        Assert.Equal(RegenerationState.Completed, second.State);
        Assert.Equal(bars.Select(b => b.Bar), again.Select(b => b.Bar));
        Assert.Equal(first.BarCount, bars.Count);
    }

    [Fact]
    public async Task Starting_a_job_twice_runs_it_once_and_a_late_observer_hears_of_its_end()
    {
        await using var silo = await MarketSilo.StartAsync(clock: Clock());
        var job = silo.Grains.GetGrain<IRegenerationJobGrain>("twice");
        var request = new RegenerationRequest("TXN", "1d", "1h", 1);
        var finished = await RunAsync(silo, "twice", request);

        var again = await job.StartAsync(request with { Seed = 2 }, null).Within();
        var late = new RecordingObserver();
        await job.SubscribeAsync(silo.Grains.CreateObjectReference<IRegenerationObserver>(late)).Within();

        Assert.Equal(finished, again);
        Assert.Equal(finished, await late.Finished.Task.Within());
    }

    [Fact]
    public async Task A_bad_request_is_refused_by_the_call_and_no_job_exists()
    {
        await using var silo = await MarketSilo.StartAsync(clock: Clock());
        var job = silo.Grains.GetGrain<IRegenerationJobGrain>("bad");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => job.StartAsync(new RegenerationRequest("MU", "3w", "1m", 1), null).Within());

        Assert.Contains("valid: 1d, 5d", error.Message, StringComparison.Ordinal);
        Assert.Null(await job.GetStatusAsync().Within());
    }

    [Fact]
    public async Task Without_a_simulated_feed_no_history_is_generated_on_first_use()
    {
        await using var silo = await MarketSilo.StartAsync(clock: Clock());

        Assert.Null(await silo.Grains.GetGrain<ISymbolGrain>("IBM").EnsureHistoryAsync().Within());
        Assert.False(await silo.Store.HasBarsAsync("IBM"));
    }

    private static async Task<RegenerationStatus> RunAsync(MarketSilo silo, string jobId, RegenerationRequest request)
    {
        var observer = new RecordingObserver();
        await silo.Grains.GetGrain<IRegenerationJobGrain>(jobId).StartAsync(request, silo.Grains.CreateObjectReference<IRegenerationObserver>(observer)).Within();
        return await observer.Finished.Task.Within();
    }

    private static Bar Bar(DateTime time)
    {
        var minute = BarInterval.OneMinute.StartOf(time);
        return OrleansTicks.GrainInterfaces.Market.Bar.FromTrade(new Trade("X", 1, 10m, 1m, minute), minute);
    }
}
