using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Diagnostics;

namespace OrleansTicks.Runtime.Calls;

/// <summary>One call of a grain method: the message queued in the target's mailbox and, being a
/// <see cref="TaskCompletionSource{TResult}"/>, the task the caller awaits — one object per call.</summary>
internal sealed class GrainCall<T> : TaskCompletionSource<T>, IGrainCall
{
    private readonly GrainMethod<T> _method;
    private readonly object?[] _arguments;
    private readonly GrainId _target;
    private readonly SiloRuntime _runtime;
    private readonly CancellationTokenSource? _cancellation;
    private CancellationTokenRegistration _callerRegistration;
    private volatile bool _expired;

    public GrainCall(GrainMethod<T> method, GrainId target, object?[] arguments, SiloRuntime runtime)
    {
        _method = method;
        _target = target;
        _arguments = arguments;
        _runtime = runtime;
        Deadline = runtime.TimeProvider.GetTimestamp() + runtime.ResponseTimeoutTimestampTicks;
        var index = method.CancellationTokenIndex;
        if (index >= 0)
        {
            // The grain sees a token that is cancelled when the caller cancels or the call times out.
            var callerToken = arguments[index] is CancellationToken token ? token : default;
            _cancellation = callerToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(callerToken) : new CancellationTokenSource();
            arguments[index] = _cancellation.Token;
            if (callerToken.CanBeCanceled)
            {
                _callerRegistration = callerToken.UnsafeRegister(static (state, token) => ((GrainCall<T>)state!).Cancel(token), this);
            }
        }
    }

    public bool KeepsAlive => true;

    /// <summary>The method called, for the cluster transport's codec.</summary>
    public GrainMethod Method => _method;

    /// <summary>The call's arguments (the cancellation token, if any, already replaced by the call's own).</summary>
    public object?[] Arguments => _arguments;

    public long Deadline { get; }

    public bool IsDone => _expired || Task.IsCompleted;

    public System.Threading.Tasks.Task Execute(ActivationData activation)
    {
        if (IsDone)
        {
            return System.Threading.Tasks.Task.CompletedTask; // timed out or cancelled while queued: the caller has gone
        }

        ValueTask<T> result;
        try
        {
            result = _method.Invoke(activation.GrainInstance!, _arguments);
        }
        catch (Exception exception)
        {
            OnFailed(exception, activation);
            return System.Threading.Tasks.Task.CompletedTask;
        }

        if (result.IsCompletedSuccessfully)
        {
            Succeed(result.Result);
            return System.Threading.Tasks.Task.CompletedTask;
        }

        return AwaitResultAsync(result, activation);
    }

    public void Fail(Exception exception)
    {
        Complete(exception);
        ReleaseCancellation();
    }

    public void MarkExpired() => _expired = true;

    /// <summary>Completes a call that another node ran with the result its reply carried.</summary>
    public void CompleteRemote(T value) => Succeed(value);

    public void Expire()
    {
        var timeout = _runtime.Options.ResponseTimeout;
        if (TrySetException(new TimeoutException($"{_method.Name} on grain {_target} did not complete within {timeout} (Silo:ResponseTimeout). The grain keeps running the call; later calls are served when it finishes.")))
        {
            RuntimeLog.CallTimedOut(_runtime.Logger, _method.Name, _target, timeout);
            try
            {
                _cancellation?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The grain finished the call at this very moment and released the token: nothing to cancel.
            }
            catch (AggregateException exception)
            {
                RuntimeLog.CancellationCallbackFailed(_runtime.Logger, exception, _method.Name, _target);
            }
        }
    }

    private void Cancel(CancellationToken token) => TrySetCanceled(token);

    private async System.Threading.Tasks.Task AwaitResultAsync(ValueTask<T> result, ActivationData activation)
    {
        try
        {
            Succeed(await result.ConfigureAwait(false));
        }
        catch (Exception exception)
        {
            OnFailed(exception, activation);
        }
    }

    private void Succeed(T value)
    {
        // The caller's continuation may run inline here; it must not inherit the callee's context.
        var context = SynchronizationContext.Current;
        if (context is not null)
        {
            SynchronizationContext.SetSynchronizationContext(null);
        }

        TrySetResult(value);
        if (context is not null)
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }

        ReleaseCancellation();
    }

    private void OnFailed(Exception exception, ActivationData activation)
    {
        activation.OnCallFailed(exception);
        Complete(exception);
        ReleaseCancellation();
    }

    private void Complete(Exception exception)
    {
        if (_method.ReturnKind == ReturnKind.OneWay)
        {
            if (exception is ObserverNotAvailableException)
            {
                RuntimeLog.OneWayCallToGoneObserverDropped(_runtime.Logger, exception, _method.Name, _target);
            }
            else
            {
                RuntimeLog.OneWayCallFailed(_runtime.Logger, exception, _method.Name, _target);
            }
        }

        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        if (exception is OperationCanceledException canceled && _cancellation?.IsCancellationRequested == true)
        {
            TrySetCanceled(canceled.CancellationToken);
        }
        else
        {
            TrySetException(exception);
        }

        SynchronizationContext.SetSynchronizationContext(context);
    }

    private void ReleaseCancellation()
    {
        if (_cancellation is not null)
        {
            _callerRegistration.Dispose();
            _cancellation.Dispose();
        }
    }
}
