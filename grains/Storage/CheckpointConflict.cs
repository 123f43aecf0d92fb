namespace OrleansTicks.Grains.Storage;

/// <summary>A symbol whose checkpoint was refused because its stored record is no longer the one the writer read.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="ExpectedRevision">The revision the checkpoint expected.</param>
/// <param name="StoredRevision">The revision stored (0: none).</param>
public readonly record struct CheckpointConflict(string Symbol, long ExpectedRevision, long StoredRevision);
