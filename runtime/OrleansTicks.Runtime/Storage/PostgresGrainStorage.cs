using System.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace OrleansTicks.Runtime.Storage;

/// <summary>An <see cref="IGrainStorage"/> on PostgreSQL (Npgsql), for clusters. Table <c>grain_state</c> (see
/// <see cref="EnsureSchemaAsync"/>); ETag = the record's version, and a clear leaves a tombstone whose version the next
/// write must hold (see <see cref="SqlGrainStorage{TConnection, TCommand}"/>).</summary>
/// <remarks>
/// Each operation is one prepared, parameterized statement on a pooled connection: an insert that does nothing on
/// conflict, or an update conditional on the held version. Under READ COMMITTED a second concurrent update of the same
/// row waits for the first and re-checks its condition against the new version, so of concurrent writers holding the
/// same ETag exactly one succeeds and the others get <see cref="InconsistentStateException"/>.
/// </remarks>
public sealed class PostgresGrainStorage : SqlGrainStorage<NpgsqlConnection, NpgsqlCommand>, IGrainStorageSchema, IAsyncDisposable, IDisposable
{
    private const string KeyCondition = "grain_type = $1 AND grain_key = $2 AND state_name = $3";

    private static readonly SqlGrainStorageStatements Statements = new(
        Read: $"SELECT etag, payload FROM grain_state WHERE {KeyCondition}",
        ReadVersion: $"SELECT etag, payload IS NULL FROM grain_state WHERE {KeyCondition}",
        Insert: """
            INSERT INTO grain_state (grain_type, grain_key, state_name, etag, payload, modified_at)
            VALUES ($1, $2, $3, $4, $5, now())
            ON CONFLICT DO NOTHING
            """,
        Update: $"UPDATE grain_state SET etag = etag + 1, payload = $5, modified_at = now() WHERE {KeyCondition} AND etag = $4",
        Clear: $"UPDATE grain_state SET etag = etag + 1, payload = NULL, modified_at = now() WHERE {KeyCondition} AND etag = $4");

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>Creates a provider on <paramref name="dataSource"/>, which the caller keeps owning (disposing this
    /// provider leaves it open).</summary>
    /// <param name="dataSource">Where connections come from.</param>
    /// <param name="serializer">Turns state into the stored bytes and back.</param>
    /// <param name="logger">The logger; <c>null</c> for none.</param>
    public PostgresGrainStorage(NpgsqlDataSource dataSource, IGrainStorageSerializer serializer, ILogger<PostgresGrainStorage>? logger = null)
        : this(dataSource, serializer, logger, ownsDataSource: false)
    {
    }

    private PostgresGrainStorage(NpgsqlDataSource dataSource, IGrainStorageSerializer serializer, ILogger? logger, bool ownsDataSource)
        : base(Statements, serializer, logger ?? NullLogger<PostgresGrainStorage>.Instance)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    /// <summary>Creates the tables if they do not exist. Idempotent and safe when several silos start at once;
    /// the silo runs it at start.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using var command = new NpgsqlCommand(PostgresSchema.Script, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Closes the data source if this provider created it (the DI registration does).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the data source if this provider created it (the DI registration does).</summary>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    /// <summary>Creates a provider that owns a data source built from <paramref name="options"/>.</summary>
    internal static PostgresGrainStorage Create(PostgresStorageOptions options, IGrainStorageSerializer serializer, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlDataSourceBuilder(PostgresPools.WithDefaultMaxPoolSize(options.ConnectionString ?? string.Empty, PostgresPools.GrainStorage));
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return new PostgresGrainStorage(builder.Build(), serializer, loggerFactory?.CreateLogger<PostgresGrainStorage>(), ownsDataSource: true);
    }

    private protected override CommandBehavior ReadBehavior => CommandBehavior.SingleRow | CommandBehavior.SequentialAccess;

    private protected override ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        _dataSource.OpenConnectionAsync(cancellationToken);

    private protected override NpgsqlCommand CreateCommand(NpgsqlConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
        return command;
    }

    private protected override void AddVersion(NpgsqlCommand command, long version) =>
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });

    private protected override void AddPayload(NpgsqlCommand command, byte[] payload) =>
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payload });

    /// <summary>Read, write and clear statements run prepared: a pooled physical connection keeps its prepared
    /// statements, so preparing again costs a lookup.</summary>
    private protected override Task PrepareAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        command.PrepareAsync(cancellationToken);
}
