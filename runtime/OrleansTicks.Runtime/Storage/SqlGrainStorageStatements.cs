namespace OrleansTicks.Runtime.Storage;

/// <summary>The SQL of one engine for <see cref="SqlGrainStorage{TConnection, TCommand}"/>, all on table
/// <c>grain_state</c>. Every statement takes the key (grain type, grain key, state name) as its first three
/// parameters; then, where it takes them, the version and then the payload.</summary>
/// <param name="Read">Selects <c>etag, payload</c> of the key's row; <c>payload</c> is NULL for a tombstone.</param>
/// <param name="ReadVersion">Selects <c>etag, payload IS NULL</c> of the key's row, without reading the payload.</param>
/// <param name="Insert">Inserts a row with the given version and payload, and does nothing if the key has a row
/// (live or tombstone).</param>
/// <param name="Update">Sets the payload and increments the version of the key's row if its version is the given
/// one; revives a tombstone the same way.</param>
/// <param name="Clear">Sets the payload NULL (a tombstone) and increments the version of the key's row if its version
/// is the given one.</param>
internal sealed record SqlGrainStorageStatements(string Read, string ReadVersion, string Insert, string Update, string Clear);
