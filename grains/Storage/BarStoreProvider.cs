namespace OrleansTicks.Grains.Storage;

/// <summary>Which engine holds the 1-minute bars: the value of <c>Storage:Provider</c>, with the names the silo uses
/// for grain state, so one setting moves both.</summary>
public enum BarStoreProvider
{
    /// <summary>The embedded SQLite file shared with grain state (the default; <c>ConnectionStrings:Sqlite</c>).</summary>
    Sqlite,

    /// <summary>PostgreSQL (<c>ConnectionStrings:Postgres</c>), the storage of cluster mode.</summary>
    Postgres,

    /// <summary>Process memory: lost at exit; for tests, benchmarks and demos.</summary>
    Memory,
}
