namespace OrleansTicks.Runtime.Storage;

/// <summary>One version of a record in <see cref="MemoryGrainStorage"/>. Immutable and compared by reference, so a
/// compare-and-swap on the dictionary succeeds only against the exact version the writer checked.</summary>
internal sealed class MemoryGrainStorageRecord(long version, byte[] payload)
{
    public long Version { get; } = version;

    public byte[] Payload { get; } = payload;
}
