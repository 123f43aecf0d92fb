using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Storage;

/// <summary>The first step of every <see cref="IBarStore.MergeAsync"/>: check the bars, and merge the bars of a call
/// that share a key, so that a store writes each key once per call (PostgreSQL's upsert may not touch a row twice in
/// one statement).</summary>
internal static class MergeBatch
{
    /// <summary>The call's keys with their merged bars, ordered by symbol (ordinal) then minute: writers that lock rows
    /// in one global order cannot deadlock each other.</summary>
    /// <exception cref="ArgumentException">A symbol is empty or a bar is not a valid 1-minute bar.</exception>
    public static List<MergedBar> Combine(IReadOnlyList<SymbolBar> bars, string paramName)
    {
        ArgumentNullException.ThrowIfNull(bars, paramName);
        var byKey = new Dictionary<(string Symbol, long Minute), MergedBar>(bars.Count);
        for (var i = 0; i < bars.Count; i++)
        {
            var (symbol, bar) = bars[i];
            if (string.IsNullOrWhiteSpace(symbol))
            {
                throw new ArgumentException($"{paramName}[{i}] has no symbol; every bar needs a non-empty symbol such as \"AAPL\".", paramName);
            }

            BarRules.CheckBar(bar, paramName, i, symbol);
            Add(byKey, symbol, bar);
        }

        return Sorted(byKey);
    }

    /// <summary>Adds a checked bar to the bars of its key.</summary>
    public static void Add(Dictionary<(string Symbol, long Minute), MergedBar> byKey, string symbol, in Bar bar)
    {
        var key = (symbol, bar.Start.Ticks);
        var utc = BarRules.AsUtc(bar);
        byKey[key] = byKey.TryGetValue(key, out var seen)
            ? new MergedBar(symbol, Bar.Merge(seen.Bar, utc, seen.Bar.Start), seen.Count + 1)
            : new MergedBar(symbol, utc, 1);
    }

    /// <summary>The merged bars ordered by symbol (ordinal) then minute.</summary>
    public static List<MergedBar> Sorted(Dictionary<(string Symbol, long Minute), MergedBar> byKey)
    {
        var merged = new List<MergedBar>(byKey.Values);
        merged.Sort(static (a, b) =>
        {
            var bySymbol = string.CompareOrdinal(a.Symbol, b.Symbol);
            return bySymbol != 0 ? bySymbol : a.Bar.Start.Ticks.CompareTo(b.Bar.Start.Ticks);
        });
        return merged;
    }
}
