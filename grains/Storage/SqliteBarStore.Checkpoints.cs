using Microsoft.Data.Sqlite;

namespace OrleansTicks.Grains.Storage;

/// <summary>The checkpoints of <see cref="SqliteBarStore"/>: one <c>BEGIN IMMEDIATE</c> transaction that reads the
/// revisions under the database's write lock (so no other connection, in this process or another, can commit in
/// between), then writes the id records and merges the deltas.</summary>
public sealed partial class SqliteBarStore
{
    /// <inheritdoc />
    public async Task CommitCheckpointsAsync(IReadOnlyList<SymbolCheckpoint> checkpoints, CancellationToken cancellationToken = default)
    {
        var batch = CheckpointBatch.Create(checkpoints, nameof(checkpoints));
        if (batch.Records.Count == 0)
        {
            return;
        }

        await InWriteTransactionAsync((connection, transaction) =>
        {
            batch.ThrowIfConflicting(ReadRevisions(connection, transaction, batch.Records));
            WriteTradeIds(connection, transaction, batch.Records);
            MergeRows(connection, transaction, batch.Bars, cancellationToken);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredTradeIds> ReadTradeIdsAsync(string symbol, CancellationToken cancellationToken = default)
    {
        BarRules.CheckSymbol(symbol, nameof(symbol));
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, SqliteBarSchema.SelectTradeIds, symbol);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return reader.Read()
                    ? new StoredTradeIds(TradeIdRunsCodec.Decode(symbol, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)), reader.GetInt64(2))
                    : new StoredTradeIds(new(), 0);
            }
        }
    }

    private static void WriteTradeIds(SqliteConnection connection, SqliteTransaction transaction, List<TradeIdRecord> records)
    {
        using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = SqliteBarSchema.UpsertTradeIds;
        var symbol = upsert.Parameters.Add("$symbol", SqliteType.Text);
        var floor = upsert.Parameters.Add("$floor", SqliteType.Integer);
        var runs = upsert.Parameters.Add("$runs", SqliteType.Blob);
        var revision = upsert.Parameters.Add("$revision", SqliteType.Integer);
        upsert.Prepare();
        foreach (var record in records)
        {
            symbol.Value = record.Symbol;
            floor.Value = record.Floor;
            runs.Value = record.Runs;
            revision.Value = record.ExpectedRevision + 1;
            upsert.ExecuteNonQuery();
        }
    }

    private static Dictionary<string, long> ReadRevisions(SqliteConnection connection, SqliteTransaction transaction, List<TradeIdRecord> records)
    {
        var stored = new Dictionary<string, long>(records.Count, StringComparer.Ordinal);
        using var select = Command(connection, SqliteBarSchema.SelectRevision, string.Empty);
        select.Transaction = transaction;
        select.Prepare();
        foreach (var record in records)
        {
            select.Parameters[0].Value = record.Symbol;
            if (select.ExecuteScalar() is long revision)
            {
                stored[record.Symbol] = revision;
            }
        }

        return stored;
    }
}
