using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.Runtime.Diagnostics;
using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Catalog;

/// <summary>Activation and deactivation: both run as turns of the activation, so they never overlap a call,
/// a timer tick or a stream delivery.</summary>
internal sealed partial class ActivationData
{
    private readonly List<IDisposable> _timers = [];
    private IServiceScope? _scope;
    private IPersistentStateLifecycle[] _states = [];

    /// <summary>Asks for deactivation after the turn in progress (or at once if idle). Work items that are
    /// queued or arrive meanwhile go to the next activation.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        lock (_lock)
        {
            switch (_state)
            {
                case ActivationState.Deactivating or ActivationState.Invalid:
                    return;
                case ActivationState.Created:
                    // Never activated: nothing to call back or write.
                    _state = ActivationState.Invalid;
                    break;
                case ActivationState.Activating:
                    _requestedDeactivation ??= reason;
                    return;
                default:
                    if (_running is not null)
                    {
                        _requestedDeactivation ??= reason;
                        return;
                    }

                    _state = ActivationState.Deactivating;
                    _pendingLifecycle = new LifecycleWorkItem(this, reason);
                    if (_scheduled)
                    {
                        return;
                    }

                    _scheduled = true;
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                    return;
            }
        }

        _runtime.Catalog.Remove(this);
        _deactivated.TrySetResult();
    }

    /// <summary>Deactivates the activation if it has been unused since <paramref name="idleSince"/>.</summary>
    public bool TryCollect(long idleSince)
    {
        lock (_lock)
        {
            if (ClassInfo is null || _state != ActivationState.Valid || _running is not null || _mailbox.Count > 0
                || _continuations.Count > 0 || _lastUsed > idleSince)
            {
                return false;
            }
        }

        RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ActivationIdle, "unused for longer than Silo:CollectionAge"));
        return true;
    }

    /// <summary>Keeps a timer so that deactivation disposes it.</summary>
    public void AddTimer(IDisposable timer)
    {
        lock (_lock)
        {
            _timers.Add(timer);
        }
    }

    public void RemoveTimer(IDisposable timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private async Task ActivateAsync()
    {
        var classInfo = ClassInfo!;
        try
        {
            _scope = _runtime.Services.CreateScope();
            var states = new IPersistentStateLifecycle[classInfo.PersistentStates.Count];
            var arguments = new object[states.Length];
            var serializer = states.Length == 0 ? null : _runtime.Services.GetRequiredService<IGrainStorageSerializer>();
            for (var i = 0; i < states.Length; i++)
            {
                var parameter = classInfo.PersistentStates[i];
                var storage = _runtime.Services.GetKeyedService<IGrainStorage>(parameter.StorageName)
                    ?? throw new InvalidOperationException($"Grain class {classInfo.ClassType.Name} uses storage provider '{parameter.StorageName}', which is not registered. Register it, e.g. silo.AddSqliteGrainStorage(\"{parameter.StorageName}\").");
                states[i] = PersistentStateFactory.Create(parameter, GrainId, storage, serializer!, _runtime.Metrics);
                arguments[i] = states[i];
            }

            _states = states;
            GrainInstance = Grain.Construct(this, () => classInfo.Create(_scope.ServiceProvider, arguments));
            foreach (var state in states)
            {
                // ConfigureAwait(true): what follows is grain code and must stay on the grain's turn.
                await state.ReadStateAsync(CancellationToken.None).ConfigureAwait(true);
            }

            if (GrainInstance is Grain grain)
            {
                await grain.OnActivateAsync(CancellationToken.None).ConfigureAwait(true);
            }

            lock (_lock)
            {
                _state = ActivationState.Valid;
            }
        }
        catch (Exception exception)
        {
            RuntimeLog.ActivationFailed(_runtime.Logger, exception, GrainId);
            await DisposeScopeAsync().ConfigureAwait(false);
            Retire(new GrainActivationException(GrainId, exception), reroute: false);
        }
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        IDisposable[] timers;
        lock (_lock)
        {
            timers = [.. _timers];
            _timers.Clear();
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }

        if (GrainInstance is Grain grain)
        {
            try
            {
                await grain.OnDeactivateAsync(reason, CancellationToken.None).ConfigureAwait(true);
            }
            catch (Exception exception)
            {
                RuntimeLog.DeactivationCallbackFailed(_runtime.Logger, exception, GrainId);
            }
        }

        // A state that lost an ETag race must not overwrite the winner's record.
        if (reason.Code != DeactivationReasonCode.StateConflict)
        {
            foreach (var state in _states)
            {
                try
                {
                    await state.WriteIfChangedAsync(CancellationToken.None).ConfigureAwait(true);
                }
                catch (Exception exception)
                {
                    RuntimeLog.DeactivationWriteFailed(_runtime.Logger, exception, GrainId, state.StateName);
                }
            }
        }

        await DisposeScopeAsync().ConfigureAwait(false);
        RuntimeLog.Deactivated(_runtime.Logger, GrainId, reason.ToString());
        Retire(failure: null, reroute: true);
    }

    private async ValueTask DisposeScopeAsync()
    {
        if (_scope is IAsyncDisposable asyncScope)
        {
            await asyncScope.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            _scope?.Dispose();
        }

        _scope = null;
    }

    /// <summary>Takes the activation out of service. Queued work either fails with <paramref name="failure"/>
    /// or is routed to the next activation of the same grain.</summary>
    private void Retire(Exception? failure, bool reroute)
    {
        _runtime.Catalog.Remove(this);
        IWorkItem[] leftovers;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            leftovers = [.. _mailbox];
            _mailbox.Clear();
        }

        WorkerGroup?.Remove(this);
        foreach (var item in leftovers)
        {
            if (item.IsDone)
            {
                continue;
            }

            if (reroute)
            {
                _runtime.Catalog.Dispatch(GrainId, ClassInfo, item); // to the next activation
            }
            else
            {
                item.Fail(failure!);
            }
        }

        _deactivated.TrySetResult();
    }

    /// <summary>The turn that activates or deactivates.</summary>
    private sealed class LifecycleWorkItem(ActivationData activation, DeactivationReason? deactivationReason) : IWorkItem
    {
        public bool KeepsAlive => false;

        public long Deadline => long.MaxValue;

        public bool IsDone => false;

        public Task Execute(ActivationData target) =>
            deactivationReason is { } reason ? activation.DeactivateAsync(reason) : activation.ActivateAsync();

        public void Fail(Exception exception)
        {
        }

        public void MarkExpired()

        {

        }


        public void Expire()
        {
        }
    }
}
