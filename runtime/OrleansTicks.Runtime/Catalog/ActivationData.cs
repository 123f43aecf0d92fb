using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Catalog;

/// <summary>One activation: a grain instance (or a local observer object) and its mailbox. It is its own
/// thread-pool work item: while it has runnable work it is queued once, and the thread that runs it drains
/// continuations first (they belong to the turn in progress), then starts the next turn only when the
/// previous turn's task has completed. That gives Orleans' turn-based, single-threaded guarantee without a
/// lock held while grain code runs.</summary>
internal sealed partial class ActivationData : IThreadPoolWorkItem
{
    private readonly Lock _lock = new();
    private readonly Queue<IWorkItem> _mailbox = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _continuations = new();
    private readonly ActivationSynchronizationContext _context;
    private readonly Action _onTurnCompleted;
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SiloRuntime _runtime;
    private ActivationState _state;
    private bool _scheduled;
    private IWorkItem? _running;
    private IWorkItem? _pendingLifecycle;
    private DeactivationReason? _requestedDeactivation;
    private long _lastUsed;

    /// <summary>An activation of a grain class; it activates on its first work item.</summary>
    public ActivationData(GrainId grainId, GrainClassInfo classInfo, SiloRuntime runtime)
        : this(grainId, runtime) => ClassInfo = classInfo;

    /// <summary>An activation that wraps a live local object (an observer): valid at once, never collected.</summary>
    public ActivationData(GrainId grainId, object instance, SiloRuntime runtime)
        : this(grainId, runtime)
    {
        GrainInstance = instance;
        _state = ActivationState.Valid;
    }

    private ActivationData(GrainId grainId, SiloRuntime runtime)
    {
        GrainId = grainId;
        _runtime = runtime;
        _context = new ActivationSynchronizationContext(this);
        _onTurnCompleted = EndTurn;
        _lastUsed = runtime.TimeProvider.GetTimestamp();
    }

    public GrainId GrainId { get; }

    /// <summary>Null for observer activations.</summary>
    public GrainClassInfo? ClassInfo { get; }

    /// <summary>The grain (or observer) instance; set once activation has constructed it.</summary>
    public object? GrainInstance { get; private set; }

    /// <summary>The pool this activation belongs to when it is a stateless worker.</summary>
    public StatelessWorkerGroup? WorkerGroup { get; init; }

    public SiloRuntime Runtime => _runtime;

    public IServiceProvider Services => _scope?.ServiceProvider ?? _runtime.Services;

    /// <summary>Completes when the activation has been deactivated (or failed to activate).</summary>
    public Task Deactivated => _deactivated.Task;

    public ActivationState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Whether the activation runs nothing and has nothing queued (for stateless-worker placement).</summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return _running is null && _mailbox.Count == 0 && _pendingLifecycle is null;
            }
        }
    }

    public int QueueLength
    {
        get
        {
            lock (_lock)
            {
                return _mailbox.Count + (_running is null ? 0 : 1);
            }
        }
    }

    /// <summary>Queues <paramref name="item"/>. Returns false only when the activation is gone
    /// (<see cref="ActivationState.Invalid"/>): the caller must route the item afresh.</summary>
    public bool TryEnqueue(IWorkItem item)
    {
        lock (_lock)
        {
            switch (_state)
            {
                case ActivationState.Invalid:
                    return false;
                case ActivationState.Created:
                    _state = ActivationState.Activating;
                    _pendingLifecycle = new LifecycleWorkItem(this, deactivationReason: null);
                    break;
            }

            _mailbox.Enqueue(item);
            if (_scheduled)
            {
                return true;
            }

            _scheduled = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        return true;
    }

    /// <summary>Runs a continuation of the turn in progress (posted by the activation's synchronization context).</summary>
    public void PostContinuation(SendOrPostCallback callback, object? state)
    {
        lock (_lock)
        {
            _continuations.Enqueue((callback, state));
            if (_scheduled)
            {
                return;
            }

            _scheduled = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            for (var budget = _runtime.Options.TurnBudget; budget > 0; budget--)
            {
                SendOrPostCallback? callback = null;
                object? state = null;
                IWorkItem? item = null;
                lock (_lock)
                {
                    if (_continuations.TryDequeue(out var continuation))
                    {
                        (callback, state) = continuation;
                    }
                    else if (_running is null && _pendingLifecycle is not null)
                    {
                        item = _running = _pendingLifecycle;
                        _pendingLifecycle = null;
                    }
                    else if (_running is null && _state == ActivationState.Valid && _mailbox.TryDequeue(out item))
                    {
                        _running = item;
                    }
                    else
                    {
                        _scheduled = false;
                        return;
                    }
                }

                if (callback is not null)
                {
                    RunContinuation(callback, state);
                }
                else
                {
                    StartTurn(item!);
                }
            }

            // Budget spent: give the thread to other activations and continue later.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>Continuations posted by <c>await</c> never throw (exceptions land in their tasks), but a raw
    /// <see cref="SynchronizationContext.Post"/> callback may: it must not escape the loop, which would leave the
    /// activation marked scheduled and never run again.</summary>
    private void RunContinuation(SendOrPostCallback callback, object? state)
    {
        try
        {
            callback(state);
        }
        catch (Exception exception)
        {
            Diagnostics.RuntimeLog.ContinuationFailed(_runtime.Logger, exception, GrainId);
        }
    }

    private void StartTurn(IWorkItem item)
    {
        Task turn;
        try
        {
            turn = item.Execute(this);
        }
        catch (Exception exception)
        {
            item.Fail(exception);
            turn = Task.CompletedTask;
        }

        if (turn.IsCompleted)
        {
            EndTurn();
        }
        else
        {
            turn.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onTurnCompleted);
        }
    }

    /// <summary>The running turn's task completed: record use, start a requested deactivation, and make sure
    /// the activation is scheduled if it has more to do.</summary>
    private void EndTurn()
    {
        lock (_lock)
        {
            if (_running is { KeepsAlive: true })
            {
                _lastUsed = _runtime.TimeProvider.GetTimestamp();
            }

            _running = null;
            if (_requestedDeactivation is { } reason && _state == ActivationState.Valid)
            {
                _requestedDeactivation = null;
                _state = ActivationState.Deactivating;
                _pendingLifecycle = new LifecycleWorkItem(this, reason);
            }

            if (_scheduled || !HasRunnableWorkLocked())
            {
                return;
            }

            _scheduled = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private bool HasRunnableWorkLocked() =>
        _continuations.Count > 0
        || (_running is null && (_pendingLifecycle is not null || (_state == ActivationState.Valid && _mailbox.Count > 0)));

    /// <summary>Expires the calls whose deadline has passed: the running one (its grain keeps going) and queued
    /// ones (they will be skipped).</summary>
    public void ExpireOverdue(long now)
    {
        List<IWorkItem>? overdue = null;
        lock (_lock)
        {
            if (_running is { } running && running.Deadline <= now && !running.IsDone)
            {
                (overdue ??= []).Add(running);
            }

            foreach (var item in _mailbox)
            {
                if (item.Deadline > now)
                {
                    break; // one timeout for all calls, so deadlines rise along the queue
                }

                if (!item.IsDone)
                {
                    item.MarkExpired(); // under the lock, so the activation cannot start it any more
                    (overdue ??= []).Add(item);
                }
            }
        }

        if (overdue is not null)
        {
            foreach (var item in overdue)
            {
                item.Expire();
            }
        }
    }

    /// <summary>A grain method threw <paramref name="exception"/>. A stale-ETag conflict means this activation's
    /// state is out of date: deactivate it so that the next call re-reads the state (as Orleans does).</summary>
    public void OnCallFailed(Exception exception)
    {
        if (exception is InconsistentStateException && ClassInfo is not null)
        {
            Diagnostics.RuntimeLog.DeactivatingAfterStateConflict(_runtime.Logger, GrainId);
            RequestDeactivation(new DeactivationReason(DeactivationReasonCode.StateConflict, exception.Message));
        }
    }
}
