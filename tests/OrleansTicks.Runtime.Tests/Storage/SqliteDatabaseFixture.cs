using Microsoft.Data.Sqlite;

namespace OrleansTicks.Runtime.Tests.Storage;

/// <summary>An SQLite database file in a fresh temporary directory, deleted afterwards.</summary>
public sealed class SqliteDatabaseFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("orleansticks-sqlite-").FullName;

    public string DatabasePath => Path.Combine(_directory, "grain-state.db");

    public string ConnectionString => new SqliteConnectionStringBuilder { DataSource = DatabasePath }.ConnectionString;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
