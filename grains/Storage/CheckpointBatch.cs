using OrleansTicks.Grains.Market;

namespace OrleansTicks.Grains.Storage;

/// <summary>The first step of every <see cref="IBarStore.CommitCheckpointsAsync"/>: check the checkpoints, merge their
/// deltas per key (as <see cref="MergeBatch"/> does) and encode their id sets — all before any data is touched, and
/// synchronously, so the ids stored are those of the call even if the caller adds more while the write runs.</summary>
internal sealed class CheckpointBatch
{
    private CheckpointBatch(List<TradeIdRecord> records, List<MergedBar> bars)
    {
        Records = records;
        Bars = bars;
    }

    /// <summary>One record per symbol, ordered by symbol (ordinal): the order in which writers lock them.</summary>
    public List<TradeIdRecord> Records { get; }

    /// <summary>The deltas merged per key, ordered by symbol then minute (<see cref="MergeBatch.Combine"/>).</summary>
    public List<MergedBar> Bars { get; }

    /// <exception cref="ArgumentNullException">Something is null.</exception>
    /// <exception cref="ArgumentException">A checkpoint is invalid (see <see cref="IBarStore.CommitCheckpointsAsync"/>).</exception>
    public static CheckpointBatch Create(IReadOnlyList<SymbolCheckpoint> checkpoints, string paramName)
    {
        ArgumentNullException.ThrowIfNull(checkpoints, paramName);
        var records = new List<TradeIdRecord>(checkpoints.Count);
        var symbols = new HashSet<string>(checkpoints.Count, StringComparer.Ordinal);
        var byKey = new Dictionary<(string Symbol, long Minute), MergedBar>();
        for (var c = 0; c < checkpoints.Count; c++)
        {
            var checkpoint = checkpoints[c] ?? throw new ArgumentNullException(paramName, $"{paramName}[{c}] is null.");
            var (symbol, deltas, ids, expected) = checkpoint;
            if (string.IsNullOrWhiteSpace(symbol))
            {
                throw new ArgumentException($"{paramName}[{c}] has no symbol; every checkpoint needs a non-empty symbol such as \"AAPL\".", paramName);
            }

            if (!symbols.Add(symbol))
            {
                throw new ArgumentException($"{paramName}[{c}] ({symbol}): the symbol has another checkpoint in this call; give each symbol one.", paramName);
            }

            if (expected < 0)
            {
                throw new ArgumentException($"{paramName}[{c}] ({symbol}) expects revision {expected}; revisions are 0 (none stored) or more.", paramName);
            }

            if (deltas is null || ids is null)
            {
                throw new ArgumentNullException(paramName, $"{paramName}[{c}] ({symbol}) has no {(deltas is null ? "Deltas" : "TradeIds")}; pass an empty list or set instead.");
            }

            for (var i = 0; i < deltas.Count; i++)
            {
                var bar = deltas[i];
                BarRules.CheckDelta(bar, paramName, c, i, symbol);
                MergeBatch.Add(byKey, symbol, bar);
            }

            records.Add(Encode(ids, symbol, expected, paramName, c));
        }

        records.Sort(static (a, b) => string.CompareOrdinal(a.Symbol, b.Symbol));
        return new CheckpointBatch(records, MergeBatch.Sorted(byKey));
    }

    /// <summary>Throws <see cref="CheckpointConflictException"/> naming every symbol whose stored revision
    /// (<paramref name="storedRevisions"/>; absent: 0) is not the one its checkpoint expects.</summary>
    public void ThrowIfConflicting(IReadOnlyDictionary<string, long> storedRevisions)
    {
        List<CheckpointConflict>? conflicts = null;
        foreach (var record in Records)
        {
            var stored = storedRevisions.GetValueOrDefault(record.Symbol);
            if (stored != record.ExpectedRevision)
            {
                (conflicts ??= []).Add(new CheckpointConflict(record.Symbol, record.ExpectedRevision, stored));
            }
        }

        if (conflicts is not null)
        {
            throw new CheckpointConflictException(conflicts);
        }
    }

    private static TradeIdRecord Encode(TradeIdSet ids, string symbol, long expected, string paramName, int c)
    {
        if (!TradeIdRunsCodec.IsCanonical(ids))
        {
            foreach (var run in ids.Runs)
            {
                if (run.First > run.Last)
                {
                    throw new ArgumentException($"{paramName}[{c}] ({symbol}) has the run of ids [{run.First}, {run.Last}], whose first id is after its last.", paramName);
                }
            }

            // Runs that overlap, touch or fall under the floor: put the set in canonical form, as TradeIdSet does with
            // a set read from storage.
            ids = new TradeIdSet { Floor = ids.Floor, Runs = ids.Runs };
        }

        return new TradeIdRecord(symbol, expected, ids.Floor, TradeIdRunsCodec.Encode(ids));
    }
}
