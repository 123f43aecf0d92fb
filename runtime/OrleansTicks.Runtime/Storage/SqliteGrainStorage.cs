using System.Data;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansTicks.Runtime.Storage;

/// <summary>An <see cref="IGrainStorage"/> on an SQLite database file (Microsoft.Data.Sqlite), for a single silo
/// or development. Table <c>grain_state</c> (see <see cref="EnsureSchemaAsync"/>); ETag = the record's version.</summary>
/// <remarks>
/// Every operation takes a pooled connection of its own and runs single autocommit statements: an insert that does
/// nothing on conflict, or an update/delete conditional on the held version. SQLite serializes writers on the
/// database lock, and a single statement waits for that lock through <c>busy_timeout</c> instead of failing with
/// "database is locked", so of concurrent writers holding the same ETag exactly one matches a row and the others
/// find none and get <see cref="InconsistentStateException"/>. There is deliberately no read-then-write transaction:
/// in WAL mode such a transaction cannot wait its way out of a stale snapshot (SQLITE_BUSY_SNAPSHOT).
/// </remarks>
public sealed class SqliteGrainStorage : IGrainStorage, IGrainStorageSchema
{
    private const string ReadSql =
        "SELECT etag, payload FROM grain_state WHERE grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name;";

    private const string ReadETagSql =
        "SELECT etag FROM grain_state WHERE grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name;";

    private const string InsertSql = """
        INSERT INTO grain_state (grain_type, grain_key, state_name, etag, payload, modified_at)
        VALUES (@grain_type, @grain_key, @state_name, @etag, @payload, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ON CONFLICT DO NOTHING;
        """;

    private const string UpdateSql = """
        UPDATE grain_state SET etag = etag + 1, payload = @payload, modified_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name AND etag = @etag;
        """;

    private const string DeleteSql =
        "DELETE FROM grain_state WHERE grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name AND etag = @etag;";

    private readonly string _connectionString;
    private readonly string _dataSource;
    private readonly bool _inMemory;
    private readonly string _busyTimeoutPragma;
    private readonly IGrainStorageSerializer _serializer;
    private readonly ILogger _logger;

    /// <summary>Creates a provider on the database <paramref name="options"/> names. Opens nothing yet.</summary>
    /// <param name="options">The connection string and busy timeout.</param>
    /// <param name="serializer">Turns state into the stored bytes and back.</param>
    /// <param name="logger">The logger; <c>null</c> for none.</param>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public SqliteGrainStorage(SqliteStorageOptions options, IGrainStorageSerializer serializer, ILogger<SqliteGrainStorage>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        _connectionString = builder.ConnectionString;
        _dataSource = builder.DataSource;
        _inMemory = IsInMemory(builder);
        _busyTimeoutPragma = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};");
        _serializer = serializer;
        _logger = logger ?? NullLogger<SqliteGrainStorage>.Instance;
    }

    /// <summary>Creates the database file's directory and the tables if they do not exist, and switches the
    /// database to WAL. Idempotent; the silo runs it at start.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (!_inMemory && !_dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            && Path.GetDirectoryName(Path.GetFullPath(_dataSource)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = SqliteSchema.Script;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
    {
        GrainStorageCommon.ValidateArguments(stateName, grainId, grainState);
        long version;
        byte[] payload;
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = CreateCommand(connection, ReadSql, stateName, grainId);
            var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    GrainStorageCommon.ApplyMissing(grainState);
                    return;
                }

                version = reader.GetInt64(0);
                payload = reader.GetFieldValue<byte[]>(1);
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
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = CreateCommand(connection, held is null ? InsertSql : UpdateSql, stateName, grainId);
            command.Parameters.Add("@etag", SqliteType.Integer).Value = held is null ? GrainStateETag.InitialVersion : expected;
            command.Parameters.Add("@payload", SqliteType.Blob).Value = payload;
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
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = CreateCommand(connection, DeleteSql, stateName, grainId);
                command.Parameters.Add("@etag", SqliteType.Integer).Value = expected;
                rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (rows != 1)
            {
                throw await ConflictAsync(GrainStorageCommon.ClearOperation, stateName, grainId, held, cancellationToken).ConfigureAwait(false);
            }
        }

        GrainStorageCommon.ApplyMissing(grainState);
    }

    /// <summary>Whether a connection string names a database that lives only as long as its connection.</summary>
    internal static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory
        || string.IsNullOrEmpty(builder.DataSource)
        || builder.DataSource == ":memory:"
        || builder.DataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase);

    private static SqliteCommand CreateCommand(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("@grain_type", SqliteType.Text).Value = grainId.Type;
        command.Parameters.Add("@grain_key", SqliteType.Text).Value = grainId.Key;
        command.Parameters.Add("@state_name", SqliteType.Text).Value = stateName;
        return command;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Per connection, and pooled connections may be fresh: set it every time (it costs microseconds).
            using var pragma = connection.CreateCommand();
            pragma.CommandText = _busyTimeoutPragma;
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<long?> ReadVersionAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
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
