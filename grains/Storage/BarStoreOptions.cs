namespace OrleansTicks.Grains.Storage;

/// <summary>Settings of the bar store. <see cref="Microsoft.Extensions.DependencyInjection.BarStoreServiceCollectionExtensions"/> binds them the way the grain
/// storage providers bind theirs, so by default bars live in the same database as grain state:
/// <c>Storage:Provider</c>; <c>ConnectionStrings:SqliteBars</c>, else the file beside <c>ConnectionStrings:Sqlite</c> or
/// <c>Storage:Sqlite:ConnectionString</c> with <c>-bars</c> added to its name;
/// <c>Storage:Sqlite:BusyTimeout</c>; <c>ConnectionStrings:Postgres</c>, overridden by
/// <c>Storage:Postgres:ConnectionString</c>.</summary>
public sealed class BarStoreOptions
{
    /// <summary>The configuration key that chooses the engine.</summary>
    public const string ProviderKey = "Storage:Provider";

    /// <summary>The SQLite connection string used when none is configured (the grain storage's default file).</summary>
    public const string DefaultSqliteConnectionString = "Data Source=orleansticks-bars.db";

    /// <summary>The engine (<c>Storage:Provider</c>; default <see cref="BarStoreProvider.Sqlite"/>).</summary>
    public BarStoreProvider Provider { get; set; } = BarStoreProvider.Sqlite;

    /// <summary>The Microsoft.Data.Sqlite connection string of a database file; in-memory databases are rejected,
    /// since every operation opens a connection of its own.</summary>
    public string SqliteConnectionString { get; set; } = DefaultSqliteConnectionString;

    /// <summary>How long an SQLite write waits for another connection's write lock (grain state shares the file)
    /// before it fails; SQLite's <c>busy_timeout</c>. Default 30 s.</summary>
    public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The Npgsql connection string; required when <see cref="Provider"/> is
    /// <see cref="BarStoreProvider.Postgres"/>.</summary>
    public string? PostgresConnectionString { get; set; }
}
