using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Market;

namespace OrleansTicks.Grains.Storage;

/// <summary>What one symbol hands over at a checkpoint (<see cref="IBarStore.CommitCheckpointsAsync"/>): the delta bars
/// of every trade it applied since its previous checkpoint, and the ids of every trade it has applied so far.</summary>
/// <param name="Symbol">The symbol, e.g. <c>AAPL</c>.</param>
/// <param name="Deltas">1-minute bars that summarise the trades applied since the previous checkpoint, each trade in
/// exactly one of them; merged into <c>bars_1m</c> as <see cref="IBarStore.MergeAsync"/> merges. May be empty.</param>
/// <param name="TradeIds">Every trade id the symbol has applied, including those of <paramref name="Deltas"/>; it
/// replaces the stored record. The store copies it before the call returns, so the caller may go on adding ids.</param>
/// <param name="ExpectedRevision">The revision of the stored record this writer last read or wrote
/// (<see cref="StoredTradeIds.Revision"/>; 0 when there was none). The commit stores
/// <c>ExpectedRevision + 1</c>.</param>
public sealed record SymbolCheckpoint(string Symbol, IReadOnlyList<Bar> Deltas, TradeIdSet TradeIds, long ExpectedRevision);
