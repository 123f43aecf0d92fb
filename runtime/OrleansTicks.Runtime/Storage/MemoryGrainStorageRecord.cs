namespace OrleansTicks.Runtime.Storage;

/// <summary>One version of a record in <see cref="MemoryGrainStorage"/>. Immutable and compared by reference, so a
/// compare-and-swap on the dictionary succeeds only against the exact version the writer checked.</summary>
/// <param name="version">The record's version, its ETag.</param>
/// <param name="payload">The serialized state; <c>null</c> for a tombstone, what a clear leaves so that the version
/// is never handed out again.</param>
internal sealed class MemoryGrainStorageRecord(long version, byte[]? payload)
{
    public long Version { get; } = version;

    public byte[]? Payload { get; } = payload;
}
