using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace OrleansTicks.Runtime.Storage;

/// <summary>The ETag flow of the SQL grain storage providers (<see cref="SqliteGrainStorage"/>,
/// <see cref="PostgresGrainStorage"/>): one row per (grain type, grain key, state name) in table <c>grain_state</c>,
/// ETag = the row's version. Each engine supplies only its SQL, how it opens a connection and how it binds
/// parameters.</summary>
/// <typeparam name="TConnection">The engine's connection.</typeparam>
/// <typeparam name="TCommand">The engine's command.</typeparam>
/// <remarks>
/// <para>Every operation is one autocommit statement on a connection of its own, conditional on the version the
/// caller holds; a statement that matches no row is an ETag conflict:</para>
/// <list type="bullet">
/// <item>write with a null ETag: an insert of version 1 that does nothing if the key has any row, live or tombstone;</item>
/// <item>write with ETag <c>n</c>: an update of the row at version <c>n</c> to the new payload and version
/// <c>n + 1</c>; a tombstone at version <c>n</c> is revived this way;</item>
/// <item>clear with ETag <c>n</c>: an update of the row at version <c>n</c> to a tombstone (payload NULL) at version
/// <c>n + 1</c>, also when it is a tombstone already;</item>
/// <item>clear with a null ETag: a lookup; it succeeds, changing nothing, only if the key has no row at all.</item>
/// </list>
/// <para>A clear never deletes the row, so a key's version only ever grows: an ETag held from before a clear can never
/// match again, however many times the record is written after it (no ABA). Tombstones stay in the table (one small
/// row per cleared key), as in the Orleans ADO.NET provider.</para>
/// </remarks>
public abstract class SqlGrainStorage<TConnection, TCommand> : IGrainStorage
    where TConnection : DbConnection
    where TCommand : DbCommand
{
    private readonly SqlGrainStorageStatements _sql;
    private readonly IGrainStorageSerializer _serializer;
    private readonly ILogger _logger;

    private protected SqlGrainStorage(SqlGrainStorageStatements sql, IGrainStorageSerializer serializer, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(logger);
        _sql = sql;
        _serializer = serializer;
        _logger = logger;
    }

    /// <summary>How a read executes: at least <see cref="CommandBehavior.SingleRow"/>.</summary>
    private protected virtual CommandBehavior ReadBehavior => CommandBehavior.SingleRow;

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
    {
        GrainStorageCommon.ValidateArguments(stateName, grainId, grainState);
        long version;
        byte[]? payload;
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = CreateCommand(connection, _sql.Read, stateName, grainId);
            await PrepareAsync(command, cancellationToken).ConfigureAwait(false);
            var reader = await command.ExecuteReaderAsync(ReadBehavior, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    GrainStorageCommon.ApplyMissing(grainState);
                    return;
                }

                version = reader.GetInt64(0);
                payload = await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false)
                    ? null
                    : await reader.GetFieldValueAsync<byte[]>(1, cancellationToken).ConfigureAwait(false);
            }
        }

        if (payload is null)
        {
            GrainStorageCommon.ApplyTombstone(grainState, version);
        }
        else
        {
            GrainStorageCommon.ApplyRecord(_serializer, _logger, stateName, grainId, grainState, version, payload);
        }
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
        var rows = held is null
            ? await ExecuteAsync(_sql.Insert, stateName, grainId, GrainStateETag.InitialVersion, payload, cancellationToken).ConfigureAwait(false)
            : await ExecuteAsync(_sql.Update, stateName, grainId, expected, payload, cancellationToken).ConfigureAwait(false);
        if (rows != 1)
        {
            throw await ConflictAsync(GrainStorageCommon.WriteOperation, stateName, grainId, held, cancellationToken).ConfigureAwait(false);
        }

        grainState.ETag = GrainStateETag.Format(held is null ? GrainStateETag.InitialVersion : expected + 1);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
    {
        GrainStorageCommon.ValidateArguments(stateName, grainId, grainState);
        var held = grainState.ETag;
        if (held is null)
        {
            // Nothing to clear is only consistent if nothing, not even a tombstone, is stored.
            if (await ReadStoredVersionAsync(stateName, grainId, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                throw GrainStorageCommon.Conflict(_logger, GrainStorageCommon.ClearOperation, stateName, grainId, stored, held);
            }

            GrainStorageCommon.ApplyMissing(grainState);
            return;
        }

        if (!GrainStateETag.TryParse(held, out var expected)
            || await ExecuteAsync(_sql.Clear, stateName, grainId, expected, payload: null, cancellationToken).ConfigureAwait(false) != 1)
        {
            throw await ConflictAsync(GrainStorageCommon.ClearOperation, stateName, grainId, held, cancellationToken).ConfigureAwait(false);
        }

        GrainStorageCommon.ApplyTombstone(grainState, expected + 1);
    }

    /// <summary>Opens a connection ready for a statement; the caller disposes it.</summary>
    private protected abstract ValueTask<TConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>A command running <paramref name="sql"/> on <paramref name="connection"/>, with the key bound as its
    /// first three parameters: grain type, grain key, state name.</summary>
    private protected abstract TCommand CreateCommand(TConnection connection, string sql, string stateName, GrainId grainId);

    /// <summary>Binds the version, the parameter after the key.</summary>
    private protected abstract void AddVersion(TCommand command, long version);

    /// <summary>Binds the payload, the parameter after the version.</summary>
    private protected abstract void AddPayload(TCommand command, byte[] payload);

    /// <summary>Prepares a read, write or clear statement before it runs, where the engine gains by it. Does nothing
    /// by default.</summary>
    private protected virtual Task PrepareAsync(TCommand command, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs an insert, update or clear statement and returns how many rows it changed.</summary>
    private async Task<int> ExecuteAsync(string sql, string stateName, GrainId grainId, long version, byte[]? payload, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = CreateCommand(connection, sql, stateName, grainId);
            AddVersion(command, version);
            if (payload is not null)
            {
                AddPayload(command, payload);
            }

            await PrepareAsync(command, cancellationToken).ConfigureAwait(false);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The key's stored version and whether it is a tombstone; null when the key has no row.</summary>
    private async Task<StoredVersion?> ReadStoredVersionAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = CreateCommand(connection, _sql.ReadVersion, stateName, grainId);
            var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                    ? new StoredVersion(reader.GetInt64(0), reader.GetBoolean(1))
                    : null;
            }
        }
    }

    /// <summary>The exception of a failed conditional statement, reporting what is stored now (one cheap primary-key
    /// lookup; it may have moved on again, it is for the message).</summary>
    private async Task<InconsistentStateException> ConflictAsync(string operation, string stateName, GrainId grainId, string? held, CancellationToken cancellationToken)
    {
        var stored = await ReadStoredVersionAsync(stateName, grainId, cancellationToken).ConfigureAwait(false);
        return GrainStorageCommon.Conflict(_logger, operation, stateName, grainId, stored, held);
    }
}
