namespace OrleansTicks.Runtime.Storage;

/// <summary>The PostgreSQL schema, in one place: <see cref="PostgresGrainStorage.EnsureSchemaAsync"/> runs
/// <see cref="Script"/> in one transaction, which must stay idempotent. Keep it in step with
/// <see cref="SqliteSchema"/>.</summary>
internal static class PostgresSchema
{
    /// <summary>Generic grain state: one row per (grain type, grain key, state name). <c>etag</c> is the record's
    /// version (1 on first insert, +1 per write and per clear); <c>payload</c> the serialized state, NULL for a
    /// tombstone: a clear keeps the row with a NULL payload so that versions only grow and an ETag is never
    /// reused.</summary>
    public const string GrainState = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type  text        NOT NULL,
            grain_key   text        NOT NULL,
            state_name  text        NOT NULL,
            etag        bigint      NOT NULL,
            payload     bytea,
            modified_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (grain_type, grain_key, state_name)
        );
        """;

    /// <summary>Everything, in order. Two silos starting at once would race in <c>CREATE TABLE IF NOT EXISTS</c>
    /// (a unique violation in the catalog), so the script first takes a transaction-scoped advisory lock.</summary>
    public const string Script = "SELECT pg_advisory_xact_lock(7531864290412);\n" + GrainState;
}
