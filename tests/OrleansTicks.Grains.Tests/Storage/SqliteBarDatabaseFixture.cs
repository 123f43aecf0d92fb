using Microsoft.Data.Sqlite;

namespace OrleansTicks.Grains.Tests.Storage;

/// <summary>An SQLite database file in a fresh temporary directory, deleted afterwards.</summary>
public sealed class SqliteBarDatabaseFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("orleansticks-bars-").FullName;

    public string DatabasePath => Path.Combine(_directory, "bars.db");

    public string ConnectionString => new SqliteConnectionStringBuilder { DataSource = DatabasePath }.ConnectionString;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
