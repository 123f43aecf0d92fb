using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrleansTicks.Runtime.Storage;

/// <summary>An SQLite database that every operation opens its own pooled connection to, with a busy timeout, so a
/// writer waits for another connection's write lock instead of failing with "database is locked". Shared by the
/// grain-state provider and the domain's own SQLite stores.</summary>
public sealed class SqliteDatabase
{
    private const int CannotOpen = 14; // SQLITE_CANTOPEN

    private readonly string _busyTimeoutPragma;

    /// <summary>A database on <paramref name="connectionString"/>. Opens nothing yet.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string.</param>
    /// <param name="busyTimeout">How long a statement waits for another connection's lock; positive.</param>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public SqliteDatabase(string connectionString, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(busyTimeout, TimeSpan.Zero);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        ConnectionString = builder.ConnectionString;
        DataSource = builder.DataSource;
        IsInMemory = IsInMemoryDatabase(builder);
        _busyTimeoutPragma = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};");
    }

    /// <summary>The normalized connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The file (or URI) the connection string names.</summary>
    public string DataSource { get; }

    /// <summary>Whether the database lives only as long as its connection (so each operation would see an empty one).</summary>
    public bool IsInMemory { get; }

    /// <summary>Whether <paramref name="builder"/> names a database that lives only as long as its connection.</summary>
    public static bool IsInMemoryDatabase(SqliteConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrEmpty(builder.DataSource)
            || builder.DataSource == ":memory:"
            || builder.DataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Creates the directory of the database file if it does not exist (nothing for in-memory and URI names).</summary>
    public void EnsureDirectory()
    {
        if (!IsInMemory && !DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            && Path.GetDirectoryName(Path.GetFullPath(DataSource)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
    }

    /// <summary>Opens a connection with the busy timeout set.</summary>
    public async ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Per connection, and pooled connections may be fresh: set it every time (it costs microseconds).
            using var pragma = connection.CreateCommand();
            pragma.CommandText = _busyTimeoutPragma;
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException cannotOpen) when (cannotOpen.SqliteErrorCode == CannotOpen)
        {
            // SQLite's own message ("unable to open database file") does not say which file: a misconfigured path
            // would stop the host at start without naming it. Still a SqliteException, for callers that catch one.
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new SqliteException(
                $"SQLite cannot open the database file '{(DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? DataSource : Path.GetFullPath(DataSource))}' ({cannotOpen.Message.TrimEnd('.')}): check the connection string's Data Source, and that its directory exists and is writable.",
                cannotOpen.SqliteErrorCode, cannotOpen.SqliteExtendedErrorCode);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
