using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Storage;

/// <summary>The bars of one merge call for one (symbol, minute), already merged with each other.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Bar">The <see cref="Bar.Merge"/> of the call's bars of this key.</param>
/// <param name="Count">How many bars of the call it merges; the stored revision grows by this much (a new row starts
/// at <c>Count - 1</c>), so the revision counts merges whether the bars came in one call or many.</param>
internal readonly record struct MergedBar(string Symbol, Bar Bar, int Count);
