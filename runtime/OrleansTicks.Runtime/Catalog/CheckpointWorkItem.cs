using OrleansTicks.Runtime.Streams;

namespace OrleansTicks.Runtime.Catalog;

/// <summary>A turn that runs <see cref="ICheckpointParticipant.CheckpointAsync"/> (or starts
/// <see cref="IDetachedCheckpointParticipant.BeginCheckpoint"/>) on the grain, behind everything queued in its mailbox
/// before it: when its task completes, the grain has applied and written all of that.</summary>
internal sealed class CheckpointWorkItem(CancellationToken cancellationToken) : IWorkItem
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool KeepsAlive => false;

    public long Deadline => long.MaxValue;

    public bool IsDone => _done.Task.IsCompleted;

    /// <summary>Checkpoints <paramref name="activation"/> if its grain takes part; an activation that no longer takes
    /// work has nothing queued and has written its state on deactivation, so there is nothing to wait for.</summary>
    public static Task Run(ActivationData activation, CancellationToken cancellationToken)
    {
        var item = new CheckpointWorkItem(cancellationToken);
        return activation.TryEnqueue(item) ? item._done.Task : Task.CompletedTask;
    }

    public async Task Execute(ActivationData activation)
    {
        try
        {
            if (activation.GrainInstance is IDetachedCheckpointParticipant detached)
            {
                // The turn ends here; the write goes on outside it.
                _ = CompleteWhenWrittenAsync(detached.BeginCheckpoint());
                return;
            }

            if (activation.GrainInstance is ICheckpointParticipant participant)
            {
                await participant.CheckpointAsync(cancellationToken).ConfigureAwait(false);
            }

            _done.TrySetResult();
        }
#pragma warning disable CA1031 // The failure goes to whoever waits for the checkpoint; the turn itself must not fault.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _done.TrySetException(exception);
        }
    }

    /// <summary>Whether <paramref name="classType"/> takes part in checkpoints, either way.</summary>
    public static bool TakesPart(Type classType) =>
        typeof(ICheckpointParticipant).IsAssignableFrom(classType) || typeof(IDetachedCheckpointParticipant).IsAssignableFrom(classType);

    public void Fail(Exception exception) => _done.TrySetException(exception);

    private async Task CompleteWhenWrittenAsync(Task write)
    {
        try
        {
            await write.WaitAsync(cancellationToken).ConfigureAwait(false);
            _done.TrySetResult();
        }
#pragma warning disable CA1031 // The failure goes to whoever waits for the checkpoint.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _done.TrySetException(exception);
        }
    }

    public void MarkExpired()
    {
    }

    public void Expire()
    {
    }
}
