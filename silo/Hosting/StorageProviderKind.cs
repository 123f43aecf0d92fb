namespace OrleansTicks.Silo.Hosting;

/// <summary>Which engine holds grain state (<c>Storage:Provider</c>).</summary>
public enum StorageProviderKind
{
    /// <summary>An embedded SQLite file (the default; <c>ConnectionStrings:Sqlite</c>).</summary>
    Sqlite,

    /// <summary>PostgreSQL (<c>ConnectionStrings:Postgres</c>), the storage of cluster mode.</summary>
    Postgres,

    /// <summary>Process memory: lost at exit; for tests and demos.</summary>
    Memory,
}
