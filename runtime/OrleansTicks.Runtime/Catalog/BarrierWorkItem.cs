namespace OrleansTicks.Runtime.Catalog;

/// <summary>A turn that does nothing but say it ran: queued behind everything in an activation's mailbox, its task
/// completes once every work item queued before it (calls, stream deliveries) has run.</summary>
internal sealed class BarrierWorkItem : IWorkItem
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the barrier's turn runs, or when the activation will never run it.</summary>
    public Task Reached => _reached.Task;

    public bool KeepsAlive => false;

    public long Deadline => long.MaxValue;

    public bool IsDone => _reached.Task.IsCompleted;

    /// <summary>Queues a barrier in <paramref name="activation"/>'s mailbox and returns it; an activation that no longer
    /// takes work has nothing queued to wait for, so its barrier is reached at once.</summary>
    public static Task After(ActivationData activation)
    {
        var barrier = new BarrierWorkItem();
        return activation.TryEnqueue(barrier) ? barrier.Reached : Task.CompletedTask;
    }

    public Task Execute(ActivationData activation)
    {
        _reached.TrySetResult();
        return Task.CompletedTask;
    }

    public void Fail(Exception exception) => _reached.TrySetResult(); // nothing to run any more: nothing to wait for

    public void MarkExpired()
    {
    }

    public void Expire()
    {
    }
}
