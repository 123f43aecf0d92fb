namespace OrleansTicks.Runtime.Catalog;

/// <summary>Something an activation runs as one turn: a call, a timer tick, a stream delivery. Turns of one
/// activation never overlap: the next starts when the previous one's task has completed.</summary>
internal interface IWorkItem
{
    /// <summary>Whether running this item counts as use of the activation for idle collection.</summary>
    bool KeepsAlive { get; }

    /// <summary>When the item expires, in <see cref="TimeProvider.GetTimestamp"/> units;
    /// <see cref="long.MaxValue"/> for never.</summary>
    long Deadline { get; }

    /// <summary>Whether the item has finished or was abandoned (timed out, cancelled) and must not run.</summary>
    bool IsDone { get; }

    /// <summary>Runs the turn. The returned task completes when the turn ends; it never faults (failures are
    /// reported to whoever waits for the item).</summary>
    Task Execute(ActivationData activation);

    /// <summary>The item cannot run (activation failed, silo stopped): tell whoever waits.</summary>
    void Fail(Exception exception);

    /// <summary>Called under the mailbox lock when the item's deadline has passed while it was queued: from now
    /// on <see cref="IsDone"/> is true, so the activation will not start it even before <see cref="Expire"/> runs.</summary>
    void MarkExpired();

    /// <summary>The deadline passed before the item finished: tell whoever waits (outside the mailbox lock).</summary>
    void Expire();
}
