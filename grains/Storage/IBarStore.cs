using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Storage;

/// <summary>The table <c>bars_1m</c>: one row per (symbol, minute), the exact mergeable summary of the minute's
/// trades (docs/ARCHITECTURE.md, "Storage"). Writes merge, never overwrite: a row is the <see cref="Bar.Merge"/> of
/// every bar ever written for its key, so a writer hands over each trade once, as part of a delta bar, and two
/// writers of the same minute (late trades, a second activation) still converge on the exact bar.</summary>
public interface IBarStore
{
    /// <summary>Merges every bar into the stored row of its (symbol, minute): inserted with revision 0 when new,
    /// else merged and its revision +1. All bars of one call commit in one transaction, or none do.</summary>
    Task MergeAsync(IReadOnlyList<SymbolBar> bars, CancellationToken cancellationToken = default);

    /// <summary>The stored bars of <paramref name="symbol"/> whose minute is in [<paramref name="from"/>,
    /// <paramref name="to"/>), oldest first.</summary>
    Task<IReadOnlyList<StoredBar>> ReadAsync(string symbol, DateTime from, DateTime to, CancellationToken cancellationToken = default);

    /// <summary>The latest stored bar of <paramref name="symbol"/> whose minute is before <paramref name="before"/>;
    /// null when there is none. (A symbol grain reads the previous close from it.)</summary>
    Task<StoredBar?> ReadLatestBeforeAsync(string symbol, DateTime before, CancellationToken cancellationToken = default);

    /// <summary>Whether any bar of <paramref name="symbol"/> is stored (whose minute is before <paramref name="before"/>,
    /// when given).</summary>
    Task<bool> HasBarsAsync(string symbol, DateTime? before = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces every stored bar of <paramref name="symbol"/> in [<paramref name="from"/>, <paramref name="to"/>)
    /// with <paramref name="bars"/> (which must lie in that range, one per minute, ascending), atomically: a reader
    /// sees all old bars or all new ones, never a mix; on failure or cancellation the old bars stay. Reports the
    /// number of bars written so far to <paramref name="progress"/>. Returns the number written.</summary>
    Task<long> ReplaceRangeAsync(string symbol, DateTime from, DateTime to, IEnumerable<Bar> bars, IProgress<long>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Commits the checkpoints of several symbols in one transaction: for each, merges its
    /// <see cref="SymbolCheckpoint.Deltas"/> into <c>bars_1m</c> exactly as <see cref="MergeAsync"/> does and replaces its
    /// stored trade-id record (table <c>symbol_trade_ids</c>) with <see cref="SymbolCheckpoint.TradeIds"/> at revision
    /// <see cref="SymbolCheckpoint.ExpectedRevision"/> + 1. All of it commits, or nothing does.</summary>
    /// <remarks>
    /// <para>Why one transaction: after a crash the stored bars must contain exactly the trades the stored ids say, so
    /// that a redelivered trade is skipped if and only if its bar is stored. Written apart, a crash between the two
    /// writes would either lose trades (ids stored, bars not: redeliveries skipped) or count them twice (bars stored,
    /// ids not: redeliveries applied again). A caller acknowledges a delivery only after the checkpoint holding its
    /// trade has committed.</para>
    /// <para>Why compare-and-set: bars merge by summing, so two writers of one symbol (an activation cut off but still
    /// running, and the new owner) that both applied trade X would store X twice, and the replaced id record would keep
    /// only one writer's ids. So a checkpoint commits only if the symbol's stored revision is still the one its writer
    /// read (<see cref="ReadTradeIdsAsync"/>) or last committed; otherwise the whole call throws
    /// <see cref="CheckpointConflictException"/> naming every such symbol, and writes nothing. The loser's trades were
    /// not acknowledged, so they are redelivered to the writer that won. The symbols of one call are locked in one
    /// global order, so concurrent calls never deadlock.</para>
    /// <para>A symbol whose bars are checkpointed must not also be written with <see cref="MergeAsync"/>: bars merged
    /// outside a checkpoint are not covered by the id record.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="checkpoints"/>, a checkpoint, its deltas or its ids are null.</exception>
    /// <exception cref="ArgumentException">A symbol is empty or given twice, an expected revision is negative, a delta is
    /// not a valid 1-minute bar, or a run of ids is reversed.</exception>
    /// <exception cref="CheckpointConflictException">A symbol's stored revision is not the expected one.</exception>
    Task CommitCheckpointsAsync(IReadOnlyList<SymbolCheckpoint> checkpoints, CancellationToken cancellationToken = default);

    /// <summary>The stored trade-id record of <paramref name="symbol"/> and its revision; an empty set at revision 0
    /// when no checkpoint of it has committed. A writer reads it when it starts owning the symbol and passes the
    /// revision as its first checkpoint's <see cref="SymbolCheckpoint.ExpectedRevision"/>.</summary>
    /// <exception cref="System.IO.InvalidDataException">The stored record cannot be read (corrupt).</exception>
    Task<StoredTradeIds> ReadTradeIdsAsync(string symbol, CancellationToken cancellationToken = default);
}

/// <summary>A bar and the symbol it belongs to.</summary>
public readonly record struct SymbolBar(string Symbol, Bar Bar);

/// <summary>A stored bar and its revision: 0 when first written, +1 per merge after that.</summary>
public readonly record struct StoredBar(Bar Bar, int Revision);
