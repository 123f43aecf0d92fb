using System.Globalization;
using Microsoft.Data.Sqlite;
using OrleansTicks.Runtime.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansTicks.Grains.Storage;

/// <summary>An <see cref="IBarStore"/> on an SQLite database file (Microsoft.Data.Sqlite): the embedded default, in
/// the same file as grain state. Table <c>bars_1m</c>, see <see cref="SqliteBarSchema"/>.</summary>
/// <remarks>
/// <para>Writes (merges and replacements) run one at a time within the process, behind a semaphore, each as one
/// <c>BEGIN IMMEDIATE</c> transaction: it takes the database's write lock up front (waiting up to the busy timeout for
/// a grain-state write of another connection), so its reads of existing rows can never go stale before it writes.
/// Merges are computed in C# with <see cref="OrleansTicks.GrainInterfaces.Market.Bar.Merge"/>: SQLite has no exact
/// decimal and never does arithmetic on the stored text.</para>
/// <para>Readers take pooled connections of their own and never wait for writers: in WAL mode a read statement sees
/// the last committed state, so a range read during a replacement sees all old bars, and the next one after the commit
/// all new ones.</para>
/// <para>Microsoft.Data.Sqlite runs every call synchronously (its async methods complete before they return), so the
/// per-row loops call the synchronous methods directly instead of paying for a task per row. This store's awaits use
/// <c>ConfigureAwait(false)</c>: it is infrastructure that never continues into grain code.</para>
/// </remarks>
public sealed partial class SqliteBarStore : IBarStore, IBarStoreSchema, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly ILogger _logger;

    /// <summary>Creates a store on the database file <paramref name="connectionString"/> names. Opens nothing yet.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string of a file.</param>
    /// <param name="busyTimeout">How long a write waits for another connection's write lock; default 30 s.</param>
    /// <param name="logger">The logger; <c>null</c> for none.</param>
    /// <exception cref="ArgumentException">The connection string is malformed or names an in-memory database.</exception>
    public SqliteBarStore(string connectionString, TimeSpan? busyTimeout = null, ILogger<SqliteBarStore>? logger = null)
    {
        var timeout = busyTimeout ?? TimeSpan.FromSeconds(30);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(busyTimeout));
        _database = new SqliteDatabase(connectionString, timeout);
        if (_database.IsInMemory)
        {
            throw new ArgumentException("The SQLite bar store needs a database file; every operation opens its own connection, so an in-memory database would look empty. Use MemoryBarStore instead.", nameof(connectionString));
        }

        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Creates the database file's directory and the table if they do not exist, and switches the database
    /// to WAL. Idempotent; the host runs it at start.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        _database.EnsureDirectory();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = SqliteBarSchema.Script;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredBar>> ReadAsync(string symbol, DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        BarRules.CheckSymbol(symbol, nameof(symbol));
        BarRules.CheckRange(from, to);
        var bars = new List<StoredBar>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, SqliteBarSchema.Select, symbol, from.Ticks, to.Ticks);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (reader.Read())
                {
                    bars.Add(SqliteBarRows.Read(reader));
                }
            }
        }

        return bars;
    }

    /// <inheritdoc />
    public async Task<StoredBar?> ReadLatestBeforeAsync(string symbol, DateTime before, CancellationToken cancellationToken = default)
    {
        BarRules.CheckSymbol(symbol, nameof(symbol));
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, SqliteBarSchema.SelectLatestBefore, symbol, to: before.Ticks);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return reader.Read() ? SqliteBarRows.Read(reader) : null;
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> HasBarsAsync(string symbol, DateTime? before = null, CancellationToken cancellationToken = default)
    {
        BarRules.CheckSymbol(symbol, nameof(symbol));
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, SqliteBarSchema.Exists, symbol, to: (before ?? DateTime.MaxValue).Ticks);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) != 0;
        }
    }

    /// <summary>Releases the writer semaphore. Connections are pooled by Microsoft.Data.Sqlite, not by the store.</summary>
    public void Dispose() => _writer.Dispose();

    /// <summary>A command on <paramref name="connection"/> with <c>$symbol</c> and, when given, <c>$from</c> and
    /// <c>$to</c> bound.</summary>
    private static SqliteCommand Command(SqliteConnection connection, string sql, string symbol, long? from = null, long? to = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("$symbol", SqliteType.Text).Value = symbol;
        if (from is { } fromTicks)
        {
            command.Parameters.Add("$from", SqliteType.Integer).Value = fromTicks;
        }

        if (to is { } toTicks)
        {
            command.Parameters.Add("$to", SqliteType.Integer).Value = toTicks;
        }

        return command;
    }

    private ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _database.OpenAsync(cancellationToken);
}
