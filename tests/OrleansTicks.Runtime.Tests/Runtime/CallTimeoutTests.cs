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
        await silo.Probe.Signaled("cancellable/entered").Task.Within(); // running, not merely queued
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
        await silo.Probe.Signaled("stubborn/entered").Task.Within(); // running, not merely queued
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
    public async Task Call_cancelled_by_its_caller_while_queued_never_runs()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ISlowGrain>("cancelled-queued");
        var stuck = grain.WaitForGateAsync("cancelled-queued-gate");
        await silo.Probe.Signaled("cancelled-queued/entered").Task.Within();
        using var cancellation = new CancellationTokenSource();

        var queued = grain.WaitForCancellationAsync(cancellation.Token);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.Within());
        silo.Probe.Open("cancelled-queued-gate");
        await stuck.Within();

        Assert.Equal(1, await grain.PingAsync().Within());
        Assert.False(silo.Probe.Signaled("cancelled-queued/cancelled").Task.IsCompleted); // it never started
    }

    [Fact]
    public async Task Caller_cancellation_cancels_the_call()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ISlowGrain>("caller-cancels");
        using var cancellation = new CancellationTokenSource();

        var call = grain.WaitForCancellationAsync(cancellation.Token);
        await silo.Probe.Signaled("caller-cancels/entered").Task.Within();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Within());
        await silo.Probe.Signaled("caller-cancels/cancelled").Task.Within();
        Assert.Equal(1, await grain.PingAsync().Within());
    }
}
