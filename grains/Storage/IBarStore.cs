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

    /// <summary>Whether any bar of <paramref name="symbol"/> is stored (whose minute is before <paramref name="before"/>,
    /// when given).</summary>
    Task<bool> HasBarsAsync(string symbol, DateTime? before = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces every stored bar of <paramref name="symbol"/> in [<paramref name="from"/>, <paramref name="to"/>)
    /// with <paramref name="bars"/> (which must lie in that range, one per minute, ascending), atomically: a reader
    /// sees all old bars or all new ones, never a mix; on failure or cancellation the old bars stay. Reports the
    /// number of bars written so far to <paramref name="progress"/>. Returns the number written.</summary>
    Task<long> ReplaceRangeAsync(string symbol, DateTime from, DateTime to, IEnumerable<Bar> bars, IProgress<long>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>A bar and the symbol it belongs to.</summary>
public readonly record struct SymbolBar(string Symbol, Bar Bar);

/// <summary>A stored bar and its revision: 0 when first written, +1 per merge after that.</summary>
public readonly record struct StoredBar(Bar Bar, int Revision);
