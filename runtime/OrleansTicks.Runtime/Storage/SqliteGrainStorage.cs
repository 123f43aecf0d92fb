using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansTicks.Runtime.Storage;

/// <summary>An <see cref="IGrainStorage"/> on an SQLite database file (Microsoft.Data.Sqlite), for a single silo
/// or development. Table <c>grain_state</c> (see <see cref="EnsureSchemaAsync"/>); ETag = the record's version, and
/// a clear leaves a tombstone whose version the next write must hold (see
/// <see cref="SqlGrainStorage{TConnection, TCommand}"/>).</summary>
/// <remarks>
/// Every operation takes a pooled connection of its own and runs single autocommit statements: an insert that does
/// nothing on conflict, or an update conditional on the held version. SQLite serializes writers on the database lock,
/// and a single statement waits for that lock through <c>busy_timeout</c> instead of failing with "database is
/// locked", so of concurrent writers holding the same ETag exactly one matches a row and the others find none and get
/// <see cref="InconsistentStateException"/>. There is deliberately no read-then-write transaction: in WAL mode such a
/// transaction cannot wait its way out of a stale snapshot (SQLITE_BUSY_SNAPSHOT).
/// </remarks>
public sealed class SqliteGrainStorage : SqlGrainStorage<SqliteConnection, SqliteCommand>, IGrainStorageSchema
{
    private const string KeyCondition = "grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name";

    private const string Now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    private static readonly SqlGrainStorageStatements Statements = new(
        Read: $"SELECT etag, payload FROM grain_state WHERE {KeyCondition};",
        ReadVersion: $"SELECT etag, payload IS NULL FROM grain_state WHERE {KeyCondition};",
        Insert: $"""
            INSERT INTO grain_state (grain_type, grain_key, state_name, etag, payload, modified_at)
            VALUES (@grain_type, @grain_key, @state_name, @etag, @payload, {Now})
            ON CONFLICT DO NOTHING;
            """,
        Update: $"UPDATE grain_state SET etag = etag + 1, payload = @payload, modified_at = {Now} WHERE {KeyCondition} AND etag = @etag;",
        Clear: $"UPDATE grain_state SET etag = etag + 1, payload = NULL, modified_at = {Now} WHERE {KeyCondition} AND etag = @etag;");

    private readonly SqliteDatabase _database;

    /// <summary>Creates a provider on the database <paramref name="options"/> names. Opens nothing yet.</summary>
    /// <param name="options">The connection string and busy timeout.</param>
    /// <param name="serializer">Turns state into the stored bytes and back.</param>
    /// <param name="logger">The logger; <c>null</c> for none.</param>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public SqliteGrainStorage(SqliteStorageOptions options, IGrainStorageSerializer serializer, ILogger<SqliteGrainStorage>? logger = null)
        : base(Statements, serializer, logger ?? NullLogger<SqliteGrainStorage>.Instance)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = new SqliteDatabase(options.ConnectionString, options.BusyTimeout);
    }

    /// <summary>Creates the database file's directory and the tables if they do not exist, and switches the
    /// database to WAL. Idempotent; the silo runs it at start.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        _database.EnsureDirectory();
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = SqliteSchema.Script;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private protected override SqliteCommand CreateCommand(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("@grain_type", SqliteType.Text).Value = grainId.Type;
        command.Parameters.Add("@grain_key", SqliteType.Text).Value = grainId.Key;
        command.Parameters.Add("@state_name", SqliteType.Text).Value = stateName;
        return command;
    }

    private protected override void AddVersion(SqliteCommand command, long version) =>
        command.Parameters.Add("@etag", SqliteType.Integer).Value = version;

    private protected override void AddPayload(SqliteCommand command, byte[] payload) =>
        command.Parameters.Add("@payload", SqliteType.Blob).Value = payload;

    private protected override ValueTask<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        _database.OpenAsync(cancellationToken);
}
