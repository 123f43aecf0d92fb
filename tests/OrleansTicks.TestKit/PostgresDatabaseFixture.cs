using Npgsql;
using Xunit;

namespace OrleansTicks.TestKit;

/// <summary>A fresh, uniquely named PostgreSQL database for one test collection, dropped when the collection is done.
/// The server comes from the environment variable <see cref="ServerEnvironmentVariable"/>, which
/// <c>scripts/test.sh</c> sets after starting a throwaway server. Without it the fixture fails (never skips), so a
/// missing database can never pass for a green run.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    /// <summary>The environment variable holding the server's connection string, without a database, for example
    /// <c>Host=127.0.0.1;Port=54329;Username=postgres</c>.</summary>
    public const string ServerEnvironmentVariable = "ORLEANSTICKS_TEST_POSTGRES";

    private string? _serverConnectionString;
    private string? _connectionString;

    /// <summary>The database's name, <c>orleansticks_test_</c> followed by a GUID.</summary>
    public string DatabaseName { get; } = $"orleansticks_test_{Guid.NewGuid():N}";

    /// <summary>The connection string of the fresh database.</summary>
    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The PostgreSQL test database is not created yet (InitializeAsync has not run).");

    /// <summary>Creates the database.</summary>
    public async Task InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable(ServerEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"The environment variable {ServerEnvironmentVariable} is not set, so these tests have no PostgreSQL server. " +
                "Run all tests with scripts/test.sh, which starts a throwaway PostgreSQL and sets it, " +
                $"or set {ServerEnvironmentVariable} yourself (e.g. \"Host=127.0.0.1;Port=54329;Username=postgres\").");
        }

        _serverConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
        await ExecuteOnServerAsync($"CREATE DATABASE \"{DatabaseName}\" ENCODING 'UTF8' TEMPLATE template0");
        _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = DatabaseName }.ConnectionString;
    }

    /// <summary>Drops the database, closing whatever connections the tests left open.</summary>
    public async Task DisposeAsync()
    {
        if (_connectionString is null || _serverConnectionString is null)
        {
            return;
        }

        using (var connection = new NpgsqlConnection(_connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)");
    }

    /// <summary>Cuts every client off the database (no new connections, existing sessions terminated), as a network
    /// cut would, or lets them back.</summary>
    public async Task SetReachableAsync(bool reachable)
    {
        await ExecuteOnServerAsync($"ALTER DATABASE \"{DatabaseName}\" WITH ALLOW_CONNECTIONS {(reachable ? "true" : "false")}");
        if (!reachable)
        {
            await ExecuteOnServerAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{DatabaseName}'");
        }
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        try
        {
            await connection.OpenAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"Cannot connect to the PostgreSQL test server given by {ServerEnvironmentVariable} ({_serverConnectionString}). " +
                "Is it running? scripts/test.sh starts one.",
                exception);
        }

        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
