namespace OrleansTicks.Runtime.Storage;

/// <summary>The SQLite schema, in one place: <see cref="SqliteGrainStorage.EnsureSchemaAsync"/> runs
/// <see cref="Script"/>, which must stay idempotent. Keep it in step with <see cref="PostgresSchema"/>.</summary>
internal static class SqliteSchema
{
    /// <summary>Generic grain state: one row per (grain type, grain key, state name). <c>etag</c> is the record's
    /// version (1 on first insert, +1 per write and per clear); <c>payload</c> the serialized state, NULL for a
    /// tombstone: a clear keeps the row with a NULL payload so that versions only grow and an ETag is never reused;
    /// <c>modified_at</c> an ISO-8601 UTC timestamp, for people. Text compares with the BINARY collation, so keys are
    /// case-sensitive.</summary>
    public const string GrainState = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type  TEXT    NOT NULL,
            grain_key   TEXT    NOT NULL,
            state_name  TEXT    NOT NULL,
            etag        INTEGER NOT NULL,
            payload     BLOB,
            modified_at TEXT    NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)
        );
        """;

    /// <summary>Everything, in order. WAL lets readers run while one connection writes; the mode is stored in the
    /// database file, so setting it once here is enough.</summary>
    public const string Script = "PRAGMA journal_mode = WAL;\n" + GrainState;
}
