using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Grains.Storage;

/// <summary>An <see cref="IBarStore"/> on PostgreSQL (Npgsql), the storage of cluster mode. Table <c>bars_1m</c>,
/// see <see cref="PostgresBarSchema"/>.</summary>
/// <remarks>
/// <para>A merge is one multi-row <c>INSERT … ON CONFLICT DO UPDATE</c> over arrays (one round trip per batch) that
/// merges in SQL on exact <c>numeric</c> values, so concurrent writers of one minute (a second activation, several
/// silos) converge without reading first: the second upsert of a row waits for the first and merges into its result.
/// A replacement is one transaction: delete the range, then binary <c>COPY</c> the new bars, streamed; readers (READ
/// COMMITTED) see the old rows until the commit.</para>
/// <para>This store's awaits use <c>ConfigureAwait(false)</c>: it is infrastructure that never continues into grain
/// code.</para>
/// </remarks>
public sealed partial class PostgresBarStore : IBarStore, IBarStoreSchema, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly ILogger _logger;

    /// <summary>Creates a store on <paramref name="dataSource"/>, which the caller keeps owning (disposing the store
    /// leaves it open).</summary>
    /// <param name="dataSource">Where connections come from.</param>
    /// <param name="logger">The logger; <c>null</c> for none.</param>
    public PostgresBarStore(NpgsqlDataSource dataSource, ILogger<PostgresBarStore>? logger = null)
        : this(dataSource, logger, ownsDataSource: false)
    {
    }

    private PostgresBarStore(NpgsqlDataSource dataSource, ILogger? logger, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Creates the table if it does not exist. Idempotent and safe when several silos start at once; the host
    /// runs it at start.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using var command = new NpgsqlCommand(PostgresBarSchema.Script, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredBar>> ReadAsync(string symbol, DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        BarRules.CheckSymbol(symbol, nameof(symbol));
        BarRules.CheckRange(from, to);
        var bars = new List<StoredBar>();
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(PostgresBarSchema.Select, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = symbol });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = from.Ticks });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = to.Ticks });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    bars.Add(ReadRow(reader));
                }
            }
        }

        return bars;
    }

    /// <inheritdoc />
    public async Task<StoredBar?> ReadLatestBeforeAsync(string symbol, DateTime before, CancellationToken cancellationToken = default)
    {
        BarRules.CheckSymbol(symbol, nameof(symbol));
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(PostgresBarSchema.SelectLatestBefore, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = symbol });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = before.Ticks });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRow(reader) : null;
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> HasBarsAsync(string symbol, DateTime? before = null, CancellationToken cancellationToken = default)
    {
        BarRules.CheckSymbol(symbol, nameof(symbol));
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(PostgresBarSchema.Exists, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = symbol });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (before ?? DateTime.MaxValue).Ticks });
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
        }
    }

    /// <summary>The row of <see cref="PostgresBarSchema.Select"/> the reader is on.</summary>
    private static StoredBar ReadRow(NpgsqlDataReader reader) => new(
        new Bar
        {
            Start = BarRules.Utc(reader.GetInt64(0)),
            Open = reader.GetDecimal(1),
            High = reader.GetDecimal(2),
            Low = reader.GetDecimal(3),
            Close = reader.GetDecimal(4),
            Volume = reader.GetDecimal(5),
            Notional = reader.GetDecimal(6),
            Trades = reader.GetInt64(7),
            FirstTime = BarRules.Utc(reader.GetInt64(8)),
            FirstTradeId = reader.GetInt64(9),
            LastTime = BarRules.Utc(reader.GetInt64(10)),
            LastTradeId = reader.GetInt64(11),
        },
        reader.GetInt32(12));

    /// <summary>Closes the data source if this store created it (the DI registration does).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the data source if this store created it (the DI registration does).</summary>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    /// <summary>Creates a store that owns a data source built from <paramref name="connectionString"/>.</summary>
    internal static PostgresBarStore Create(string connectionString, ILoggerFactory? loggerFactory)
    {
        var builder = new NpgsqlDataSourceBuilder(PostgresPools.WithDefaultMaxPoolSize(connectionString, PostgresPools.BarStore));
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return new PostgresBarStore(builder.Build(), loggerFactory?.CreateLogger<PostgresBarStore>(), ownsDataSource: true);
    }
}
