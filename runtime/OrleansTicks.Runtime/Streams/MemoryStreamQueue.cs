using System.Runtime.CompilerServices;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Diagnostics;

namespace OrleansTicks.Runtime.Streams;

/// <summary>The items of one stream waiting for one subscribed grain, and the work item that delivers them.
/// Producers append to a filling buffer; a delivery turn swaps it with the delivering buffer and hands the
/// grain everything that accumulated as one batch. Both buffers are reused, and the queue is its own work item,
/// so steady-state delivery allocates nothing per item or per batch.</summary>
internal sealed class MemoryStreamQueue<T> : IWorkItem
{
    private readonly Lock _lock = new();
    private readonly StreamId _streamId;
    private readonly GrainId _target;
    private readonly GrainClassInfo _targetClass;
    private readonly SiloRuntime _runtime;
    private readonly int _capacity;
    private T[] _filling;
    private T[] _delivering;
    private int _count;
    private long _nextSequence;
    private bool _deliveryQueued;
    private TaskCompletionSource? _space;
    private ActivationData? _activation;

    public MemoryStreamQueue(StreamId streamId, GrainId target, GrainClassInfo targetClass, SiloRuntime runtime, int capacity)
    {
        _streamId = streamId;
        _target = target;
        _targetClass = targetClass;
        _runtime = runtime;
        _capacity = capacity;
        _filling = new T[Math.Min(capacity, 64)];
        _delivering = new T[Math.Min(capacity, 64)];
    }

    public bool KeepsAlive => true;

    public long Deadline => long.MaxValue;

    public bool IsDone => false;

    /// <summary>Appends <paramref name="items"/>; waits while the buffer is full (back-pressure, never a drop).</summary>
    public ValueTask ProduceAsync(ReadOnlyMemory<T> items, CancellationToken cancellationToken)
    {
        var wait = TryAppend(items.Span);
        return wait is null ? default : ProduceAfterAsync(wait, items, cancellationToken);
    }

    /// <summary>Appends one item without allocating, unless the buffer is full and the producer must wait.</summary>
    public ValueTask ProduceOneAsync(T item, CancellationToken cancellationToken)
    {
        var wait = TryAppend(new ReadOnlySpan<T>(in item));
        return wait is null ? default : ProduceAfterAsync(wait, new[] { item }, cancellationToken);
    }

    /// <summary>Appends <paramref name="items"/> and schedules a delivery, or returns the task to wait on when the
    /// buffer has no room. A batch larger than the capacity is taken whole when the buffer is empty, so it cannot
    /// wait forever.</summary>
    private Task? TryAppend(ReadOnlySpan<T> items)
    {
        bool dispatch;
        lock (_lock)
        {
            if (_count > 0 && _count + items.Length > _capacity)
            {
                return (_space ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            Append(items);
            dispatch = !_deliveryQueued;
            _deliveryQueued = true;
        }

        if (dispatch)
        {
            Dispatch();
        }

        return null;
    }

    public async Task Execute(ActivationData activation)
    {
        int count;
        long first;
        TaskCompletionSource? space;
        lock (_lock)
        {
            (_filling, _delivering) = (_delivering, _filling);
            count = _count;
            first = _nextSequence;
            _nextSequence += count;
            _count = 0;
            space = _space;
            _space = null;
        }

        space?.TrySetResult();
        try
        {
            if (count > 0)
            {
                var batch = new StreamBatch<T>(_streamId, new ReadOnlyMemory<T>(_delivering, 0, count), first);
                // ConfigureAwait(true): this is a turn of the grain; its continuations stay on it.
                await ((IAsyncBatchObserver<T>)activation.GrainInstance!).OnNextBatchAsync(batch, CancellationToken.None).ConfigureAwait(true);
            }
        }
        catch (Exception exception)
        {
            RuntimeLog.StreamDeliveryFailed(_runtime.Logger, exception, _streamId.ToString(), _target, count);
        }
        finally
        {
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            {
                Array.Clear(_delivering, 0, count); // let delivered items be collected
            }

            FinishDelivery();
        }
    }

    public void Fail(Exception exception)
    {
        // The grain could not be activated: what is buffered cannot be delivered now. Report it and keep the
        // stream usable; the next item tries a fresh activation.
        int count;
        TaskCompletionSource? space;
        lock (_lock)
        {
            count = _count;
            _nextSequence += count;
            _count = 0;
            _deliveryQueued = false;
            space = _space;
            _space = null;
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            {
                Array.Clear(_filling, 0, count);
            }
        }

        space?.TrySetResult();
        RuntimeLog.StreamDeliveryFailed(_runtime.Logger, exception, _streamId.ToString(), _target, count);
    }

    public void MarkExpired()

    {

    }


    public void Expire()
    {
    }

    private void FinishDelivery()
    {
        bool more;
        lock (_lock)
        {
            more = _count > 0;
            _deliveryQueued = more;
        }

        if (more)
        {
            Dispatch(); // behind whatever else the grain has queued: deliveries don't starve calls
        }
    }

    private void Dispatch()
    {
        var cached = _activation;
        if (cached is not null && cached.TryEnqueue(this))
        {
            return;
        }

        _activation = _runtime.Catalog.Dispatch(_target, _targetClass, this);
    }

    private void Append(ReadOnlySpan<T> items)
    {
        var needed = _count + items.Length;
        if (needed > _filling.Length)
        {
            var grown = new T[Math.Max(needed, Math.Min(_capacity, _filling.Length * 2))];
            _filling.AsSpan(0, _count).CopyTo(grown);
            _filling = grown;
        }

        items.CopyTo(_filling.AsSpan(_count));
        _count = needed;
    }

    private async ValueTask ProduceAfterAsync(Task wait, ReadOnlyMemory<T> items, CancellationToken cancellationToken)
    {
        await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        await ProduceAsync(items, cancellationToken).ConfigureAwait(false);
    }
}
