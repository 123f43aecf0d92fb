namespace OrleansTicks.Runtime.Storage;

/// <summary>A grain storage provider (the Orleans <c>IGrainStorage</c>). Records are keyed by
/// (grain type, grain key, state name) and versioned by an ETag: every write and clear is conditional on the
/// ETag the caller holds, which fences off a second activation of the same grain.</summary>
/// <remarks>
/// A key's ETag is never reused. A clear does not remove the record: it leaves a tombstone (no state) with a new
/// ETag, as the Orleans ADO.NET provider does, and every successful write or clear moves the ETag on. So an ETag held
/// from before a clear can never match again, however often the record is written after it.
/// <list type="table">
/// <listheader><term>Stored</term><description>Outcome</description></listheader>
/// <item><term>nothing, ever</term><description>read: no record, ETag <c>null</c>; write with a null ETag inserts;
/// clear with a null ETag succeeds and changes nothing; any other ETag conflicts.</description></item>
/// <item><term>a record</term><description>read: the state and its ETag; write or clear with that ETag succeeds,
/// a clear leaving a tombstone; any other ETag, <c>null</c> included, conflicts.</description></item>
/// <item><term>a tombstone</term><description>read: no record, but the tombstone's ETag; write with that ETag revives
/// the record, clear with it succeeds again (and moves the ETag on); any other ETag, <c>null</c> included,
/// conflicts: a writer must read first.</description></item>
/// </list>
/// A conflict is an <see cref="InconsistentStateException"/> and leaves both storage and the caller's state as they
/// were.
/// </remarks>
public interface IGrainStorage
{
    /// <summary>Reads the record into <paramref name="grainState"/>: its state and ETag, with
    /// <see cref="IGrainState{T}.RecordExists"/> true. A cleared record (a tombstone) leaves
    /// <see cref="IGrainState{T}.State"/> as it is (the default the caller made), sets
    /// <see cref="IGrainState{T}.RecordExists"/> false and the ETag to the tombstone's, which the next write must hold.
    /// A record that never existed does the same but sets the ETag null.</summary>
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default);

    /// <summary>Writes the state if the stored ETag equals <see cref="IGrainState{T}.ETag"/>, then sets the new ETag
    /// and <see cref="IGrainState{T}.RecordExists"/> true. A null ETag inserts, and only if nothing at all is stored,
    /// not even a tombstone; the ETag of a tombstone revives the record.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs, or the ETag is null and a record or a
    /// tombstone is stored.</exception>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default);

    /// <summary>Clears the record if the stored ETag equals <see cref="IGrainState{T}.ETag"/>: it becomes a tombstone
    /// with a new ETag, which is set on <paramref name="grainState"/> together with
    /// <see cref="IGrainState{T}.RecordExists"/> false; <see cref="IGrainState{T}.State"/> is left as it is. Clearing a
    /// tombstone with its ETag succeeds too and moves the ETag on. A null ETag succeeds, changing nothing, only if
    /// nothing at all is stored, not even a tombstone.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs, or the ETag is null and a record or a
    /// tombstone is stored.</exception>
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default);
}
