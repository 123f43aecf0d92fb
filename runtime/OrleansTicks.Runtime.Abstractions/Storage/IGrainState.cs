namespace OrleansTicks.Runtime.Storage;

/// <summary>A grain's state as a storage provider sees it: the value, its ETag, and whether a record exists.</summary>
/// <typeparam name="T">The state type; serialized by the provider.</typeparam>
public interface IGrainState<T>
{
    /// <summary>The state value.</summary>
    T State { get; set; }

    /// <summary>The version of the stored record this state was read from or last written as; <c>null</c>
    /// when no record was ever stored. A cleared record keeps a version (a tombstone), so its ETag is not null
    /// although <see cref="RecordExists"/> is false; versions only grow, and an ETag is never reused. A write or
    /// clear whose ETag is not the stored one fails with <see cref="InconsistentStateException"/>.</summary>
    string? ETag { get; set; }

    /// <summary>Whether a stored record exists.</summary>
    bool RecordExists { get; set; }
}

/// <summary>A plain <see cref="IGrainState{T}"/>.</summary>
public sealed class GrainState<T>(T state) : IGrainState<T>
{
    /// <inheritdoc />
    public T State { get; set; } = state;

    /// <inheritdoc />
    public string? ETag { get; set; }

    /// <inheritdoc />
    public bool RecordExists { get; set; }
}
