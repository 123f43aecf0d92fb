namespace OrleansTicks.Grains.Storage;

/// <summary>A row of <c>symbol_trade_ids</c> as a checkpoint writes it.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="ExpectedRevision">The revision the row must have (0: no row) for the write to go ahead; it is stored
/// with <c>ExpectedRevision + 1</c>.</param>
/// <param name="Floor">Every id ≤ it counts as seen.</param>
/// <param name="Runs">The runs above the floor, encoded by <see cref="TradeIdRunsCodec"/>.</param>
internal readonly record struct TradeIdRecord(string Symbol, long ExpectedRevision, long Floor, byte[] Runs);
