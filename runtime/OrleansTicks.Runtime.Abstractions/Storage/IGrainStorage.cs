namespace OrleansTicks.Runtime.Storage;

/// <summary>A grain storage provider (the Orleans <c>IGrainStorage</c>). Records are keyed by
/// (grain type, grain key, state name) and versioned by an ETag: every write and clear is conditional on the
/// ETag the caller holds, which fences off a second activation of the same grain.</summary>
public interface IGrainStorage
{
    /// <summary>Reads the record into <paramref name="grainState"/>. A missing record leaves
    /// <see cref="IGrainState{T}.State"/> as it is (the default the caller made), sets
    /// <see cref="IGrainState{T}.RecordExists"/> false and the ETag null.</summary>
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default);

    /// <summary>Writes the state if the stored ETag equals <see cref="IGrainState{T}.ETag"/> (null: no record
    /// may exist), then sets the new ETag.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs.</exception>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default);

    /// <summary>Deletes the record if the stored ETag equals <see cref="IGrainState{T}.ETag"/>, then sets the
    /// ETag null and <see cref="IGrainState{T}.RecordExists"/> false. Clearing a missing record with a null
    /// ETag succeeds.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs.</exception>
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default);
}
