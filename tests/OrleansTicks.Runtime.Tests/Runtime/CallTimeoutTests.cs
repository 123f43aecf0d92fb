using OrleansTicks.Runtime.Tests.Grains;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Runtime;

public sealed class CallTimeoutTests
{
    private static readonly Dictionary<string, string?> FiveSeconds = new() { ["Silo:ResponseTimeout"] = "00:00:05" };

    [Fact]
    public async Task Timed_out_call_fails_with_TimeoutException_and_cancels_the_grain_token()
    {
        await using var silo = await TestSilo.StartAsync(FiveSeconds);
        var grain = silo.Grains.GetGrain<ISlowGrain>("cancellable");
        await grain.PingAsync();

        var call = grain.WaitForCancellationAsync(CancellationToken.None);
        silo.Clock.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(20);
        Assert.False(call.IsCompleted);
        silo.Clock.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call.Within());
        Assert.Contains("Silo:ResponseTimeout", error.Message, StringComparison.Ordinal);
        await silo.Probe.Signaled("cancellable/cancelled").Task.Within();
        Assert.Equal(2, await grain.PingAsync().Within()); // the grain keeps working
    }

    [Fact]
    public async Task Timed_out_call_that_ignores_cancellation_leaves_the_grain_usable_once_it_returns()
    {
        await using var silo = await TestSilo.StartAsync(FiveSeconds);
        var grain = silo.Grains.GetGrain<ISlowGrain>("stubborn");

        var stuck = grain.WaitForGateAsync("stubborn-gate");
        silo.Clock.Advance(TimeSpan.FromSeconds(3));
        var queued = grain.PingAsync(); // waits behind the stuck call
        silo.Clock.Advance(TimeSpan.FromSeconds(3));
        await Assert.ThrowsAsync<TimeoutException>(() => stuck.Within());
        Assert.False(queued.IsCompleted);

        silo.Probe.Open("stubborn-gate");
        Assert.Equal(1, await queued.Within());
        Assert.Equal(2, await grain.PingAsync().Within());
    }

    [Fact]
    public async Task Queued_call_past_its_deadline_fails_and_is_never_run()
    {
        await using var silo = await TestSilo.StartAsync(FiveSeconds);
        var grain = silo.Grains.GetGrain<ISlowGrain>("skipped");

        var stuck = grain.WaitForGateAsync("skipped-gate");
        var queued = grain.PingAsync();
        silo.Clock.Advance(TimeSpan.FromSeconds(6));
        await Assert.ThrowsAsync<TimeoutException>(() => queued.Within());

        silo.Probe.Open("skipped-gate");
        await Assert.ThrowsAsync<TimeoutException>(() => stuck.Within());
        Assert.Equal(1, await grain.PingAsync().Within()); // the expired ping never ran
    }

    [Fact]
    public async Task Caller_cancellation_cancels_the_call()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ISlowGrain>("caller-cancels");
        using var cancellation = new CancellationTokenSource();

        var call = grain.WaitForCancellationAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Within());
        await silo.Probe.Signaled("caller-cancels/cancelled").Task.Within();
        Assert.Equal(1, await grain.PingAsync().Within());
    }
}
