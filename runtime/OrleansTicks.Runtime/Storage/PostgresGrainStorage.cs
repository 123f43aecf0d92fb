using System.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace OrleansTicks.Runtime.Storage;

/// <summary>An <see cref="IGrainStorage"/> on PostgreSQL (Npgsql), for clusters. Table <c>grain_state</c> (see
/// <see cref="EnsureSchemaAsync"/>); ETag = the record's version.</summary>
/// <remarks>
/// Each operation is one prepared, parameterized statement on a pooled connection: an insert that does nothing on
/// conflict, or an update/delete conditional on the held version. Under READ COMMITTED a second concurrent update of
/// the same row waits for the first and re-checks its condition against the new version, so of concurrent writers
/// holding the same ETag exactly one succeeds and the others get <see cref="InconsistentStateException"/>.
/// </remarks>
public sealed class PostgresGrainStorage : IGrainStorage, IGrainStorageSchema, IAsyncDisposable, IDisposable
{
    private const string ReadSql =
        "SELECT etag, payload FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3";

    private const string ReadETagSql =
        "SELECT etag FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3";

    private const string InsertSql = """
        INSERT INTO grain_state (grain_type, grain_key, state_name, etag, payload, modified_at)
        VALUES ($1, $2, $3, $4, $5, now())
        ON CONFLICT DO NOTHING
        """;

    private const string UpdateSql = """
        UPDATE grain_state SET etag = etag + 1, payload = $5, modified_at = now()
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND etag = $4
        """;

    private const string DeleteSql =
        "DELETE FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND etag = $4";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly IGrainStorageSerializer _serializer;
    private readonly ILogger _logger;

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
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(serializer);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _serializer = serializer;
        _logger = logger ?? NullLogger<PostgresGrainStorage>.Instance;
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

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
    {
        GrainStorageCommon.ValidateArguments(stateName, grainId, grainState);
        long version;
        byte[] payload;
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = CreateCommand(connection, ReadSql, stateName, grainId);
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow | CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    GrainStorageCommon.ApplyMissing(grainState);
                    return;
                }

                version = reader.GetInt64(0);
                payload = await reader.GetFieldValueAsync<byte[]>(1, cancellationToken).ConfigureAwait(false);
            }
        }

        GrainStorageCommon.ApplyRecord(_serializer, _logger, stateName, grainId, grainState, version, payload);
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
    {
        GrainStorageCommon.ValidateArguments(stateName, grainId, grainState);
        var held = grainState.ETag;
        long expected = 0;
        if (held is not null && !GrainStateETag.TryParse(held, out expected))
        {
            throw await ConflictAsync(GrainStorageCommon.WriteOperation, stateName, grainId, held, cancellationToken).ConfigureAwait(false);
        }

        var payload = _serializer.Serialize(grainState.State);
        var written = held is null ? GrainStateETag.InitialVersion : expected + 1;
        int rows;
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = CreateCommand(connection, held is null ? InsertSql : UpdateSql, stateName, grainId);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = held is null ? GrainStateETag.InitialVersion : expected });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payload });
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (rows != 1)
        {
            throw await ConflictAsync(GrainStorageCommon.WriteOperation, stateName, grainId, held, cancellationToken).ConfigureAwait(false);
        }

        grainState.ETag = GrainStateETag.Format(written);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
    {
        GrainStorageCommon.ValidateArguments(stateName, grainId, grainState);
        var held = grainState.ETag;
        if (held is null)
        {
            // Nothing to delete is only consistent if nothing is stored.
            if (await ReadVersionAsync(stateName, grainId, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                throw GrainStorageCommon.Conflict(_logger, GrainStorageCommon.ClearOperation, stateName, grainId, stored, held);
            }
        }
        else
        {
            if (!GrainStateETag.TryParse(held, out var expected))
            {
                throw await ConflictAsync(GrainStorageCommon.ClearOperation, stateName, grainId, held, cancellationToken).ConfigureAwait(false);
            }

            int rows;
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = CreateCommand(connection, DeleteSql, stateName, grainId);
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected });
                await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
                rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (rows != 1)
            {
                throw await ConflictAsync(GrainStorageCommon.ClearOperation, stateName, grainId, held, cancellationToken).ConfigureAwait(false);
            }
        }

        GrainStorageCommon.ApplyMissing(grainState);
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
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return new PostgresGrainStorage(builder.Build(), serializer, loggerFactory?.CreateLogger<PostgresGrainStorage>(), ownsDataSource: true);
    }

    private static NpgsqlCommand CreateCommand(NpgsqlConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
        return command;
    }

    private async Task<long?> ReadVersionAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = CreateCommand(connection, ReadETagSql, stateName, grainId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
        }
    }

    /// <summary>The exception of a failed conditional statement, reporting the version stored now (one cheap
    /// primary-key lookup; it may have moved on again, it is for the message).</summary>
    private async Task<InconsistentStateException> ConflictAsync(string operation, string stateName, GrainId grainId, string? held, CancellationToken cancellationToken)
    {
        var stored = await ReadVersionAsync(stateName, grainId, cancellationToken).ConfigureAwait(false);
        return GrainStorageCommon.Conflict(_logger, operation, stateName, grainId, stored, held);
    }
}
