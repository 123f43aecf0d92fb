namespace OrleansTicks.Grains.Storage;

/// <summary>The checkpoints of <see cref="MemoryBarStore"/>: checked, planned and applied under the store's lock, the
/// id records kept encoded as the SQL stores keep them.</summary>
public sealed partial class MemoryBarStore
{
    private readonly Dictionary<string, (long Floor, byte[] Runs, long Revision)> _tradeIds = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task CommitCheckpointsAsync(IReadOnlyList<SymbolCheckpoint> checkpoints, CancellationToken cancellationToken = default) =>
        Complete(() =>
        {
            var batch = CheckpointBatch.Create(checkpoints, nameof(checkpoints));
            cancellationToken.ThrowIfCancellationRequested();
            if (batch.Records.Count == 0)
            {
                return true;
            }

            lock (_lock)
            {
                var stored = new Dictionary<string, long>(batch.Records.Count, StringComparer.Ordinal);
                foreach (var record in batch.Records)
                {
                    if (_tradeIds.TryGetValue(record.Symbol, out var row))
                    {
                        stored[record.Symbol] = row.Revision;
                    }
                }

                batch.ThrowIfConflicting(stored);
                ApplyRows(PlanRows(batch.Bars));
                foreach (var record in batch.Records)
                {
                    _tradeIds[record.Symbol] = (record.Floor, record.Runs, record.ExpectedRevision + 1);
                }
            }

            return true;
        });

    /// <inheritdoc />
    public Task<StoredTradeIds> ReadTradeIdsAsync(string symbol, CancellationToken cancellationToken = default) =>
        Complete(() =>
        {
            BarRules.CheckSymbol(symbol, nameof(symbol));
            cancellationToken.ThrowIfCancellationRequested();
            (long Floor, byte[] Runs, long Revision) row;
            lock (_lock)
            {
                if (!_tradeIds.TryGetValue(symbol, out row))
                {
                    return new StoredTradeIds(new(), 0);
                }
            }

            // The encoded runs are never changed after they are stored, so they can be decoded outside the lock.
            return new StoredTradeIds(TradeIdRunsCodec.Decode(symbol, row.Floor, row.Runs), row.Revision);
        });
}
