using Microsoft.Extensions.Logging;
using OrleansTicks.Runtime.Diagnostics;

namespace OrleansTicks.Runtime.Observers;

/// <summary>Keeps a grain's observers with an expiry (the Orleans <c>ObserverManager</c>): an observer that has
/// not re-subscribed within <see cref="ExpirationDuration"/> is dropped, so a front end that died is forgotten
/// while one that lives re-subscribes periodically. An observer whose call fails because it is gone is dropped
/// at once; a one-way notification (an observer method that returns <c>void</c>) reports no failure, so an observer
/// notified that way stays until its subscription expires. Use it from grain code only (it is not thread-safe; the
/// grain's turns serialize access).</summary>
/// <typeparam name="TObserver">The observer interface.</typeparam>
public sealed class ObserverManager<TObserver>(TimeSpan expirationDuration, ILogger logger, TimeProvider? timeProvider = null)
    where TObserver : class, IGrainObserver
{
    private readonly ILogger _logger = logger;
    private readonly Dictionary<GrainId, (TObserver Observer, DateTimeOffset LastSeen)> _observers = [];
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    // Filled by continuations of failed asynchronous notifications (off the grain's turn), drained on the turn.
    private readonly System.Collections.Concurrent.ConcurrentQueue<GrainId> _gone = new();

    /// <summary>How long a subscription lasts without being renewed.</summary>
    public TimeSpan ExpirationDuration { get; } = expirationDuration > TimeSpan.Zero
        ? expirationDuration
        : throw new ArgumentOutOfRangeException(nameof(expirationDuration), expirationDuration, "The expiration must be positive.");

    /// <summary>The number of subscribed observers, expired ones included until the next notification or
    /// <see cref="ClearExpired"/>.</summary>
    public int Count => _observers.Count;

    /// <summary>The observers, expired ones excluded.</summary>
    public IReadOnlyList<TObserver> Observers
    {
        get
        {
            ClearExpired();
            return [.. _observers.Values.Select(v => v.Observer)];
        }
    }

    /// <summary>Subscribes <paramref name="observer"/> (a reference from
    /// <see cref="IGrainFactory.CreateObjectReference{TObserver}"/>), or renews its subscription.</summary>
    public void Subscribe(TObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers[observer.GetGrainId()] = (observer, _timeProvider.GetUtcNow());
    }

    /// <summary>Removes <paramref name="observer"/>; true if it was subscribed.</summary>
    public bool Unsubscribe(TObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return _observers.Remove(observer.GetGrainId());
    }

    /// <summary>Drops observers whose subscription has expired; returns how many.</summary>
    public int ClearExpired()
    {
        var removed = 0;
        while (_gone.TryDequeue(out var gone))
        {
            removed += _observers.Remove(gone) ? 1 : 0;
        }

        var cutoff = _timeProvider.GetUtcNow() - ExpirationDuration;
        List<GrainId>? expired = null;
        foreach (var (id, entry) in _observers)
        {
            if (entry.LastSeen < cutoff)
            {
                (expired ??= []).Add(id);
            }
        }

        if (expired is null)
        {
            return removed;
        }

        foreach (var id in expired)
        {
            _observers.Remove(id);
        }

        return removed + expired.Count;
    }

    /// <summary>Calls <paramref name="notification"/> on every live observer without waiting for them (a slow
    /// observer does not hold up the grain). An observer whose reference is gone is dropped.</summary>
    public void Notify(Func<TObserver, Task> notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ClearExpired();
        List<GrainId>? failed = null;
        foreach (var (id, entry) in _observers)
        {
            Task task;
            try
            {
                task = notification(entry.Observer);
            }
            catch (ObserverNotAvailableException exception)
            {
                RuntimeLog.ObserverRemoved(_logger, exception, id.ToString());
                (failed ??= []).Add(id);
                continue;
            }

            if (task.IsFaulted && task.Exception?.InnerException is ObserverNotAvailableException gone)
            {
                RuntimeLog.ObserverRemoved(_logger, gone, id.ToString());
                (failed ??= []).Add(id);
            }
            else if (!task.IsCompleted)
            {
                task.ContinueWith(static (t, state) => ((FailedNotification)state!).Report(t), new FailedNotification(this, id),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            else if (task.IsFaulted)
            {
                RuntimeLog.ObserverCallFailed(_logger, task.Exception!, id.ToString());
            }
        }

        if (failed is not null)
        {
            foreach (var id in failed)
            {
                _observers.Remove(id);
            }
        }
    }

    /// <summary>Reports an asynchronous notification failure; runs off the grain's turn, so it only queues the
    /// removal for the next turn that touches the manager.</summary>
    private sealed class FailedNotification(ObserverManager<TObserver> manager, GrainId id)
    {
        public void Report(Task task)
        {
            var exception = task.Exception!.InnerException ?? task.Exception;
            if (exception is ObserverNotAvailableException)
            {
                RuntimeLog.ObserverRemoved(manager._logger, exception, id.ToString());
                manager._gone.Enqueue(id);
            }
            else
            {
                RuntimeLog.ObserverCallFailed(manager._logger, exception, id.ToString());
            }
        }
    }
}
