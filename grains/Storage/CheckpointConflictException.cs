namespace OrleansTicks.Grains.Storage;

/// <summary>Thrown by <see cref="IBarStore.CommitCheckpointsAsync"/> when another writer committed a checkpoint of one
/// of the symbols since this writer read its record (a stale activation and the new owner both writing). Nothing of
/// the call was written. The writer's in-memory state of those symbols is stale — the stored bars now hold trades it
/// does not know of — so it must not retry with it: it drops the symbols' state (deactivates) and re-reads; the other
/// symbols of the call can be committed again without them.</summary>
public sealed class CheckpointConflictException : Exception
{
    public CheckpointConflictException()
        : this([])
    {
    }

    public CheckpointConflictException(string message)
        : base(message)
    {
        Conflicts = [];
    }

    public CheckpointConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        Conflicts = [];
    }

    public CheckpointConflictException(IReadOnlyList<CheckpointConflict> conflicts)
        : base(Describe(conflicts))
    {
        Conflicts = conflicts;
    }

    /// <summary>Every refused symbol of the call, ordered by symbol.</summary>
    public IReadOnlyList<CheckpointConflict> Conflicts { get; }

    private static string Describe(IReadOnlyList<CheckpointConflict> conflicts) =>
        $"The checkpoint was not written: another writer committed {conflicts.Count} of its symbols since they were read ("
        + string.Join(", ", conflicts.Select(static c => $"{c.Symbol}: expected revision {c.ExpectedRevision}, stored {c.StoredRevision}"))
        + "). Nothing of the call was written; drop those symbols' state and re-read them before their next checkpoint.";
}
