namespace OrleansTicks.Runtime.Storage;

/// <summary>Settings of <see cref="SqliteGrainStorage"/>, bound from the configuration section <c>Storage:Sqlite</c>
/// and then <c>Storage:Sqlite:{name}</c> for the provider's name.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Storage:Sqlite";

    /// <summary>The name under <c>ConnectionStrings</c> used when the section sets no connection string.</summary>
    public const string ConnectionStringName = "Sqlite";

    /// <summary>The connection string used when none is configured.</summary>
    public const string DefaultConnectionString = "Data Source=orleansticks.db";

    /// <summary>The Microsoft.Data.Sqlite connection string of a database file (<c>Storage:Sqlite:ConnectionString</c>,
    /// falling back to <c>ConnectionStrings:Sqlite</c>, default <c>Data Source=orleansticks.db</c>). In-memory
    /// databases are rejected: every operation opens its own connection. Use the memory provider instead.</summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>How long an operation waits for another connection's write lock before it fails
    /// (<c>Storage:Sqlite:BusyTimeout</c>, default 30 s; SQLite's <c>busy_timeout</c>).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
