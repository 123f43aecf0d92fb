namespace OrleansTicks.Runtime.Cluster.Membership;

/// <summary>The membership table, in one place. <see cref="PostgresMembershipTable.EnsureSchemaAsync"/> runs
/// <see cref="Script"/> in one transaction; it must stay idempotent.</summary>
internal static class MembershipSchema
{
    /// <summary>One row per silo id, kept across restarts: a rejoin bumps <c>incarnation</c>, so a heartbeat of an
    /// older incarnation (a zombie process) can never touch the row again. Times are the database's clock only.</summary>
    public const string ClusterMembers = """
        CREATE TABLE IF NOT EXISTS cluster_members (
            silo_id      text        PRIMARY KEY,
            incarnation  bigint      NOT NULL,
            status       text        NOT NULL CHECK (status IN ('joining', 'active', 'leaving', 'dead')),
            host_name    text        NOT NULL,
            process_id   integer     NOT NULL,
            started_at   timestamptz NOT NULL,
            heartbeat_at timestamptz NOT NULL
        );
        """;

    /// <summary>Everything, in order. Silos starting at once would race in <c>CREATE TABLE IF NOT EXISTS</c> (a unique
    /// violation in the catalog), so the script first takes a transaction-scoped advisory lock (its own key, not
    /// grain storage's).</summary>
    public const string Script = "SELECT pg_advisory_xact_lock(7531864290413);\n" + ClusterMembers;
}
