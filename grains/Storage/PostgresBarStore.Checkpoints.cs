using Npgsql;
using NpgsqlTypes;

namespace OrleansTicks.Grains.Storage;

/// <summary>The checkpoints of <see cref="PostgresBarStore"/>: one transaction in three round trips — lock the
/// symbols and read their revisions; write the id records and merge the deltas; commit.</summary>
public sealed partial class PostgresBarStore
{
    /// <inheritdoc />
    public async Task CommitCheckpointsAsync(IReadOnlyList<SymbolCheckpoint> checkpoints, CancellationToken cancellationToken = default)
    {
        var batch = CheckpointBatch.Create(checkpoints, nameof(checkpoints));
        var records = batch.Records;
        if (records.Count == 0)
        {
            return;
        }

        var n = records.Count;
        var symbols = new string[n];
        var floors = new long[n];
        var runs = new byte[n][];
        var revisions = new long[n];
        for (var i = 0; i < n; i++)
        {
            var record = records[i];
            symbols[i] = record.Symbol;
            floors[i] = record.Floor;
            runs[i] = record.Runs;
            revisions[i] = record.ExpectedRevision + 1;
        }

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // A conflict or any failure leaves by an exception: disposing the transaction rolls it back.
                var stored = await LockAndReadRevisionsAsync(connection, transaction, symbols, cancellationToken).ConfigureAwait(false);
                batch.ThrowIfConflicting(stored);

                using var write = new NpgsqlBatch(connection, transaction);
                var upsert = new NpgsqlBatchCommand(PostgresBarSchema.UpsertTradeIds);
                upsert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = symbols });
                upsert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = floors });
                upsert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = runs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                upsert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = revisions });
                write.BatchCommands.Add(upsert);
                if (batch.Bars.Count > 0)
                {
                    var merge = new NpgsqlBatchCommand(PostgresBarSchema.Merge);
                    AddMergeParameters(merge.Parameters, batch.Bars);
                    write.BatchCommands.Add(merge);
                }

                await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<StoredTradeIds> ReadTradeIdsAsync(string symbol, CancellationToken cancellationToken = default)
    {
        BarRules.CheckSymbol(symbol, nameof(symbol));
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(PostgresBarSchema.SelectTradeIds, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = symbol });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return new StoredTradeIds(new(), 0);
                }

                var ids = TradeIdRunsCodec.Decode(symbol, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
                return new StoredTradeIds(ids, reader.GetInt64(2));
            }
        }
    }

    /// <summary>Takes the symbols' checkpoint locks, then reads their stored revisions (one round trip, two
    /// statements: in READ COMMITTED the second reads what was committed before the locks were granted).</summary>
    private static async Task<Dictionary<string, long>> LockAndReadRevisionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] symbols, CancellationToken cancellationToken)
    {
        using var check = new NpgsqlBatch(connection, transaction);
        var lockSymbols = new NpgsqlBatchCommand(PostgresBarSchema.LockCheckpoints);
        lockSymbols.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = symbols });
        var select = new NpgsqlBatchCommand(PostgresBarSchema.SelectRevisions);
        select.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = symbols });
        check.BatchCommands.Add(lockSymbols);
        check.BatchCommands.Add(select);

        var stored = new Dictionary<string, long>(symbols.Length, StringComparer.Ordinal);
        var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return stored;
    }
}
