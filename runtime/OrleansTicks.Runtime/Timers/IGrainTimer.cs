namespace OrleansTicks.Runtime.Timers;

/// <summary>A grain timer (the Orleans <c>IGrainTimer</c>). Dispose it to stop it.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the next tick is due and the period after it.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}

/// <summary>How a grain timer ticks.</summary>
public sealed class GrainTimerCreationOptions
{
    /// <summary>Delay before the first tick.</summary>
    public TimeSpan DueTime { get; init; }

    /// <summary>Time from the end of one tick to the next; <see cref="Timeout.InfiniteTimeSpan"/> for one tick only.</summary>
    public TimeSpan Period { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Whether ticks count as use of the grain, keeping it from idle collection (default false).</summary>
    public bool KeepAlive { get; init; }
}
