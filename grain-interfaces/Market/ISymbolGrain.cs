using OrleansTicks.Runtime;

namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>One symbol (key: the symbol, upper case): its live quote, its exact 1-minute bars and its subscriber
/// count. Trades reach it over the stream <c>trades/{symbol}</c>.</summary>
public interface ISymbolGrain : IGrainWithStringKey
{
    /// <summary>The live quote; null until the first trade.</summary>
    Task<Quote?> GetQuoteAsync();

    /// <summary>The quote and the current partial bar, consistent with each other.</summary>
    Task<SymbolSnapshot> GetSnapshotAsync();

    /// <summary>The 1-minute bars the grain holds in memory that start at or after <paramref name="from"/>: the
    /// ring of recently closed bars (at least a day), then the partial bar. Includes what storage may not have yet.</summary>
    Task<IReadOnlyList<Bar>> GetRecentBarsAsync(DateTime from);

    /// <summary>Adds (or renews) an observer of quotes and bars, and answers the snapshot taken in the same turn: the
    /// observer gets exactly the updates numbered after <see cref="SymbolSnapshot.Sequence"/>.</summary>
    Task<SymbolSnapshot> SubscribeAsync(ISymbolObserver observer);

    /// <summary>Removes an observer.</summary>
    Task UnsubscribeAsync(ISymbolObserver observer);

    /// <summary>Records how many clients of front-end node <paramref name="nodeId"/> watch the symbol. Each node
    /// reports its own count (and re-announces it periodically); the subscriber count is the sum. A node that
    /// stops re-announcing is forgotten after the observer expiry.</summary>
    Task SetSubscriberCountAsync(string nodeId, int count);

    /// <summary>Regeneration replaced the stored bars in [<paramref name="from"/>, <paramref name="to"/>): the grain
    /// drops the recent bars it holds in that range and reads the new ones.</summary>
    Task OnHistoryReplacedAsync(DateTime from, DateTime to);

    /// <summary>Makes sure the symbol has history to show: with the simulated feed, a symbol without any stored
    /// bar gets generated history (never with a real or replayed feed). Returns the regeneration job started, or
    /// null when none was needed.</summary>
    Task<string?> EnsureHistoryAsync();
}
