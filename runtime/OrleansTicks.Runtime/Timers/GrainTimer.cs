using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Diagnostics;

namespace OrleansTicks.Runtime.Timers;

/// <summary>A timer whose ticks are work items of its activation. At most one tick is queued or running at a
/// time; the next is armed when the callback has completed, so ticks never pile up or overlap.</summary>
internal sealed class GrainTimer<TState> : IGrainTimer, IWorkItem
{
    private readonly ActivationData _activation;
    private readonly Func<TState, CancellationToken, Task> _callback;
    private readonly TState _state;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposal = new();
    private readonly bool _keepAlive;
    private TimeSpan _period;
    private int _queued;
    private volatile bool _disposed;

    public GrainTimer(ActivationData activation, Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ValidatePeriod(options.DueTime, nameof(options.DueTime));
        ValidatePeriod(options.Period, nameof(options.Period));
        _activation = activation;
        _callback = callback;
        _state = state;
        _period = options.Period;
        _keepAlive = options.KeepAlive;
        activation.AddTimer(this);
        _timer = activation.Runtime.TimeProvider.CreateTimer(static s => ((GrainTimer<TState>)s!).OnDue(), this, options.DueTime, Timeout.InfiniteTimeSpan);
    }

    public bool KeepsAlive => _keepAlive;

    public long Deadline => long.MaxValue;

    public bool IsDone => _disposed;

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ValidatePeriod(dueTime, nameof(dueTime));
        ValidatePeriod(period, nameof(period));
        ObjectDisposedException.ThrowIf(_disposed, this);
        _period = period;
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    public async Task Execute(ActivationData activation)
    {
        try
        {
            if (!_disposed)
            {
                // ConfigureAwait(true): the callback is grain code; its continuations stay on the turn.
                await _callback(_state, _disposal.Token).ConfigureAwait(true);
            }
        }
        catch (Exception exception) when (!_disposed)
        {
            RuntimeLog.TimerTickFailed(activation.Runtime.Logger, exception, activation.GrainId);
        }
        catch (OperationCanceledException)
        {
            // Disposed while the tick ran.
        }
        finally
        {
            Volatile.Write(ref _queued, 0);
            if (!_disposed && _period != Timeout.InfiniteTimeSpan)
            {
                _timer.Change(_period, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Fail(Exception exception) => Dispose();

    public void MarkExpired()

    {

    }


    public void Expire()
    {
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _timer.Dispose();
        _disposal.Cancel();
        _activation.RemoveTimer(this);
    }

    private void OnDue()
    {
        if (_disposed || Interlocked.Exchange(ref _queued, 1) == 1)
        {
            return;
        }

        if (!_activation.TryEnqueue(this))
        {
            Dispose();
        }
    }

    private static void ValidatePeriod(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "A timer's due time and period must be zero or positive, or Timeout.InfiniteTimeSpan.");
        }
    }
}
