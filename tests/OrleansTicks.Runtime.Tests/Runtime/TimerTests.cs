using OrleansTicks.Runtime.Tests.Grains;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Runtime;

public sealed class TimerTests
{
    [Fact]
    public async Task Timer_tick_due_during_a_call_waits_for_the_call_to_finish()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("tick-waits");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan, gate: "tick-waits/tick-gate");
        silo.Probe.Open("tick-waits/tick-gate");
        var call = grain.HoldAsync("tick-waits/call-gate");
        await silo.Probe.Signaled("tick-waits/holding").Task.Within();

        silo.Clock.Advance(TimeSpan.FromSeconds(11)); // the tick is due while the call holds the grain
        await Task.Delay(50); // give a broken runtime the chance to run the tick concurrently
        Assert.Equal(0, silo.Probe.Count("tick-waits/ticks"));

        silo.Probe.Open("tick-waits/call-gate");
        await call.Within();
        await silo.Probe.Signaled("tick-waits/tick-finished").Task.Within();
        Assert.Equal(1, silo.Probe.Count("tick-waits/ticks"));
        Assert.Equal(0, silo.Probe.Count("tick-waits/tick-overlapped-call"));
    }

    [Fact]
    public async Task Call_arriving_during_a_timer_tick_waits_for_the_tick_to_finish()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("call-waits");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan, gate: "call-waits/tick-gate");
        silo.Clock.Advance(TimeSpan.FromSeconds(1));
        await silo.Probe.Signaled("call-waits/tick-started").Task.Within();

        var call = grain.EnterAsync();
        await Task.Delay(50);
        Assert.False(call.IsCompleted);

        silo.Probe.Open("call-waits/tick-gate");
        Assert.Equal(1, await call.Within());
    }

    [Fact]
    public async Task Periodic_timer_ticks_once_per_period()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("periodic");
        silo.Probe.Open("periodic/tick-gate");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), gate: "periodic/tick-gate");

        for (var expected = 1; expected <= 4; expected++)
        {
            await silo.WhenIdleAsync(); // the previous tick re-arms the timer when its turn ends
            silo.Clock.Advance(TimeSpan.FromSeconds(5));
            await Wait.UntilAsync(() => silo.Probe.Count("periodic/ticks") == expected, $"tick {expected}");
        }
    }

    [Fact]
    public async Task Time_passing_during_a_long_tick_queues_no_further_ticks()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("long-tick");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), gate: "long-tick/tick-gate");
        await silo.WhenIdleAsync();
        silo.Clock.Advance(TimeSpan.FromSeconds(5));
        await silo.Probe.Signaled("long-tick/tick-started").Task.Within();

        silo.Clock.Advance(TimeSpan.FromMinutes(1)); // twelve periods pass while the first tick runs
        silo.Probe.Open("long-tick/tick-gate");
        await silo.Probe.Signaled("long-tick/tick-finished").Task.Within();
        await silo.WhenIdleAsync();
        Assert.Equal(1, silo.Probe.Count("long-tick/ticks"));

        silo.Clock.Advance(TimeSpan.FromSeconds(5)); // the next tick is one period after the last one ended
        await Wait.UntilAsync(() => silo.Probe.Count("long-tick/ticks") == 2, "the next tick");
    }
}
