using OrleansTicks.Grains.Market;

namespace OrleansTicks.Grains.Storage;

/// <summary>A symbol's stored trade-id record (<see cref="IBarStore.ReadTradeIdsAsync"/>).</summary>
/// <param name="TradeIds">The ids of every trade whose bar is in <c>bars_1m</c> through a checkpoint; a new set the
/// caller owns. Empty when none is stored.</param>
/// <param name="Revision">How many checkpoints of the symbol have committed: 0 when none; the
/// <see cref="SymbolCheckpoint.ExpectedRevision"/> of this reader's next checkpoint.</param>
public readonly record struct StoredTradeIds(TradeIdSet TradeIds, long Revision);
