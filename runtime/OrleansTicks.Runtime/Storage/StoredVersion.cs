namespace OrleansTicks.Runtime.Storage;

/// <summary>What a provider found stored under a key when a conditional write or clear failed: the row's version and
/// whether the row is a tombstone (a cleared record, kept so that its version is never handed out again).</summary>
internal readonly record struct StoredVersion(long Version, bool IsTombstone);
