using System.Diagnostics;
using OrleansTicks.Grains.Feeds.Pacing;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Feeds.Pacing;

/// <summary>The feeds' pacing timers (simulator, replay). Timers fire in the order of their due times on one thread,
/// so "did not fire" is checked against a later timer having fired, never against a sleep.</summary>
public sealed class HighResolutionTimeProviderTests
{
    private readonly HighResolutionTimeProvider _clock = new();

    [Fact]
    public async Task A_timer_fires_once_with_its_state_and_not_before_its_due_time_less_the_half_millisecond_it_may_be_early()
    {
        var fired = new List<object?>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Stopwatch.GetTimestamp();
        using var timer = _clock.CreateTimer(state => { lock (fired) { fired.Add(state); } first.TrySetResult(); }, "state", TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);

        await first.Task.Within();
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(19.5), $"fired after {Stopwatch.GetElapsedTime(started).TotalMilliseconds} ms");
        await LaterTimerFiredAsync(TimeSpan.FromMilliseconds(30));
        lock (fired)
        {
            Assert.Equal(["state"], fired);
        }
    }

    [Fact]
    public async Task A_disposed_timer_does_not_fire_and_cannot_be_changed()
    {
        var fired = 0;
        var timer = _clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);
        timer.Dispose();

        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        await LaterTimerFiredAsync(TimeSpan.FromMilliseconds(30));
        Assert.Equal(0, Volatile.Read(ref fired));
    }

    [Fact]
    public async Task Change_moves_a_timer_and_an_infinite_due_time_stops_it()
    {
        var fired = 0;
        var firedOnce = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = _clock.CreateTimer(_ => { Interlocked.Increment(ref fired); firedOnce.TrySetResult(); }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        Assert.True(timer.Change(TimeSpan.FromMilliseconds(5), Timeout.InfiniteTimeSpan));
        await firedOnce.Task.Within();
        Assert.True(timer.Change(TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan));
        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan)); // stopped before it fired again
        await LaterTimerFiredAsync(TimeSpan.FromMilliseconds(30));
        Assert.Equal(1, Volatile.Read(ref fired));
    }

    [Fact]
    public async Task A_periodic_timer_fires_until_disposed()
    {
        var fired = 0;
        var thrice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timer = _clock.CreateTimer(_ =>
        {
            if (Interlocked.Increment(ref fired) == 3)
            {
                thrice.TrySetResult();
            }
        }, null, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2));

        await thrice.Task.Within();
        timer.Dispose();
        var atDispose = Volatile.Read(ref fired);
        await LaterTimerFiredAsync(TimeSpan.FromMilliseconds(20));
        Assert.InRange(Volatile.Read(ref fired), atDispose, atDispose + 1); // one firing may have been under way
    }

    [Fact]
    public async Task A_delay_on_it_completes_and_a_cancelled_one_ends_at_once()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(3), _clock).Within();

        using var cancel = new CancellationTokenSource();
        var hourLong = Task.Delay(TimeSpan.FromHours(1), _clock, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hourLong.Within());
    }

    [Fact]
    public void Negative_due_times_and_periods_are_refused_and_only_the_system_clock_is_replaced()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _clock.CreateTimer(_ => { }, null, TimeSpan.FromMilliseconds(-2), Timeout.InfiniteTimeSpan));
        Assert.Throws<ArgumentOutOfRangeException>(() => _clock.CreateTimer(_ => { }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(-2)));
        Assert.Same(HighResolutionTimeProvider.Instance, HighResolutionTimeProvider.For(TimeProvider.System));
        var manual = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        Assert.Same(manual, HighResolutionTimeProvider.For(manual));
    }

    // A timer due after the one under test has fired: everything due before it has been handled.
    private async Task LaterTimerFiredAsync(TimeSpan after)
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = _clock.CreateTimer(_ => fired.TrySetResult(), null, after, Timeout.InfiniteTimeSpan);
        await fired.Task.Within();
    }
}
