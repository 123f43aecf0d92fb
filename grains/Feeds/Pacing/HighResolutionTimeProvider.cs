using System.Diagnostics;

namespace OrleansTicks.Grains.Feeds.Pacing;

/// <summary>
/// The system clock, with timers that fire within about a millisecond of their due time, for pacing a feed (the
/// simulator's trades, the replay's bars).
/// .NET's own timers are driven by <see cref="Environment.TickCount64"/>, which on Linux reads the coarse monotonic
/// clock: it ticks once per kernel jiffy, every 4 ms here (<c>CONFIG_HZ=250</c>). A simulator paced at 1,000 trades/s
/// with <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> on <see cref="TimeProvider.System"/> therefore
/// made bursts of 4–5 trades every 4 ms (70 % of the gaps between trades under 0.2 ms, p90 4.07 ms), and the last trade
/// of each burst waited behind the others' fan-out to the clients.
/// These timers live on one dedicated thread that sleeps with <see cref="Thread.Sleep(int)"/> (the kernel's
/// high-resolution timers, ~0.1 ms late here) when a timer is due within 2 ms, waits on an event otherwise, and fires a
/// timer at most 0.5 ms early. Callbacks run on that thread (so does an awaiting continuation of a delay): they must be
/// short. The thread ends after a second with no timer and starts again with the next one.
/// </summary>
public sealed class HighResolutionTimeProvider : TimeProvider
{
    private static readonly long EarlyTicks = Stopwatch.Frequency / 2_000; // 0.5 ms
    private static readonly long SleepBelowTicks = Stopwatch.Frequency / 500; // 2 ms

    private readonly Lock _lock = new();
    private readonly PriorityQueue<Timer, long> _due = new();
    private readonly AutoResetEvent _changed = new(initialState: false);
    private Thread? _thread;

    /// <summary>The one a process needs: its thread is shared by all its timers.</summary>
    public static HighResolutionTimeProvider Instance { get; } = new();

    /// <summary><paramref name="clock"/>'s timers made precise when it is the system clock; any other clock (a test's
    /// fake one) as it is.</summary>
    public static TimeProvider For(TimeProvider clock) =>
        ReferenceEquals(clock, System) ? Instance : clock;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private static long TicksOf(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static void Validate(TimeSpan span, string name)
    {
        if (span < TimeSpan.Zero && span != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, span, "A timer's due time and period are zero or more, or infinite.");
        }
    }

    /// <summary>Queues <paramref name="timer"/> at <paramref name="due"/> (call under the lock).</summary>
    private void Enqueue(Timer timer, long due)
    {
        _due.Enqueue(timer, due);
        if (_thread is null)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "High-resolution timers" };
            _thread.Start();
        }

        _changed.Set();
    }

    private void Run()
    {
        var firing = new List<(Timer Timer, long Due)>();
        while (true)
        {
            long wait = -1; // Stopwatch ticks until the next due time; -1 when nothing is queued
            lock (_lock)
            {
                var now = Stopwatch.GetTimestamp();
                while (_due.TryPeek(out var timer, out var due))
                {
                    if (timer.Due != due)
                    {
                        _due.Dequeue(); // changed or disposed since it was queued
                    }
                    else if (due - now > EarlyTicks)
                    {
                        wait = due - now;
                        break;
                    }
                    else
                    {
                        firing.Add((_due.Dequeue(), due));
                    }
                }
            }

            if (firing.Count > 0)
            {
                foreach (var (timer, due) in firing)
                {
                    timer.Fire(due);
                }

                firing.Clear();
                continue;
            }

            if (wait < 0)
            {
                if (!_changed.WaitOne(TimeSpan.FromSeconds(1)) && Retire())
                {
                    return;
                }
            }
            else if (wait > SleepBelowTicks)
            {
                _changed.WaitOne(TimeSpan.FromSeconds((double)(wait - SleepBelowTicks / 2) / Stopwatch.Frequency));
            }
            else
            {
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>Ends the thread if still nothing is queued (a timer queued later starts a new one).</summary>
    private bool Retire()
    {
        lock (_lock)
        {
            if (_due.Count > 0)
            {
                return false;
            }

            _thread = null;
            return true;
        }
    }

    private sealed class Timer(HighResolutionTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private long _period = -1;
        private bool _disposed;

        /// <summary>When it fires next (Stopwatch ticks); -1 when it is not due. Read and written under the owner's lock.</summary>
        public long Due { get; private set; } = -1;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Validate(dueTime, nameof(dueTime));
            Validate(period, nameof(period));
            lock (owner._lock)
            {
                if (_disposed)
                {
                    return false;
                }

                _period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? -1 : Math.Max(1, TicksOf(period));
                Due = dueTime == Timeout.InfiniteTimeSpan ? -1 : Stopwatch.GetTimestamp() + TicksOf(dueTime);
                if (Due >= 0)
                {
                    owner.Enqueue(this, Due);
                }

                return true;
            }
        }

        /// <summary>Runs the callback for the firing due at <paramref name="due"/>, unless the timer changed or was
        /// disposed since; a periodic timer is queued again first.</summary>
        public void Fire(long due)
        {
            lock (owner._lock)
            {
                if (_disposed || Due != due)
                {
                    return;
                }

                Due = _period > 0 ? due + _period : -1;
                if (Due >= 0)
                {
                    owner.Enqueue(this, Due);
                }
            }

            callback(state);
        }

        public void Dispose()
        {
            lock (owner._lock)
            {
                _disposed = true;
                Due = -1;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
