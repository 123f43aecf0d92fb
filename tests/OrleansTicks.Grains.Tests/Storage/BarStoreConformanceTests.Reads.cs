using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Storage;
using static OrleansTicks.Grains.Tests.Storage.TestBars;

namespace OrleansTicks.Grains.Tests.Storage;

/// <summary>Reading: ranges, ordering, symbol isolation, existence.</summary>
public abstract partial class BarStoreConformanceTests
{
    [Fact]
    public async Task Read_returns_the_bars_from_inclusive_to_exclusive_oldest_first()
    {
        var symbol = NewSymbol();
        var bars = Series(0, 10);
        await Store.MergeAsync([.. bars.AsEnumerable().Reverse().Select(b => new SymbolBar(symbol, b))]);

        var stored = await Store.ReadAsync(symbol, Minute(2), Minute(5));

        Assert.Equal(bars.GetRange(2, 3), stored.Select(s => s.Bar));
    }

    [Fact]
    public async Task Read_with_bounds_between_minutes_returns_the_minutes_that_start_inside()
    {
        var symbol = NewSymbol();
        var bars = Series(0, 5);
        await Store.MergeAsync([.. bars.Select(b => new SymbolBar(symbol, b))]);

        var stored = await Store.ReadAsync(symbol, Minute(1).AddTicks(1), Minute(3).AddTicks(1));

        Assert.Equal(bars.GetRange(2, 2), stored.Select(s => s.Bar));
    }

    [Fact]
    public async Task Read_of_an_empty_range_or_an_unknown_symbol_returns_nothing()
    {
        var symbol = NewSymbol();
        await Store.MergeAsync([.. Series(0, 3).Select(b => new SymbolBar(symbol, b))]);

        Assert.Empty(await Store.ReadAsync(symbol, Minute(1), Minute(1)));
        Assert.Empty(await Store.ReadAsync(symbol, Minute(3), Minute(100)));
        Assert.Empty(await Store.ReadAsync(NewSymbol(), DateTime.MinValue, DateTime.MaxValue));
    }

    [Fact]
    public async Task Read_returns_only_the_bars_of_its_symbol_which_is_case_sensitive()
    {
        var symbol = NewSymbol();
        var other = symbol.ToLowerInvariant();
        await Store.MergeAsync([.. Series(0, 4, tag: 1m).Select(b => new SymbolBar(symbol, b))]);
        await Store.MergeAsync([.. Series(0, 4, tag: 2m).Select(b => new SymbolBar(other, b))]);

        Assert.Equal(Series(0, 4, tag: 1m), (await ReadAllAsync(symbol)).Select(s => s.Bar));
        Assert.Equal(Series(0, 4, tag: 2m), (await ReadAllAsync(other)).Select(s => s.Bar));
    }

    [Fact]
    public async Task ReadLatestBefore_returns_the_newest_bar_that_starts_before_the_bound_with_its_revision()
    {
        var symbol = NewSymbol();
        var bars = Series(0, 5);
        await Store.MergeAsync([.. bars.AsEnumerable().Reverse().Select(b => new SymbolBar(symbol, b))]);
        await Store.MergeAsync([new SymbolBar(symbol, bars[2])]); // revision 1
        await Store.MergeAsync([.. Series(0, 5, tag: 2m).Select(b => new SymbolBar(NewSymbol(), b))]); // another symbol's

        Assert.Equal(new StoredBar(bars[4], 0), await Store.ReadLatestBeforeAsync(symbol, DateTime.MaxValue));
        Assert.Equal(new StoredBar(bars[4], 0), await Store.ReadLatestBeforeAsync(symbol, Minute(100)));
        Assert.Equal(new StoredBar(Bar.Merge(bars[2], bars[2], Minute(2)), 1), await Store.ReadLatestBeforeAsync(symbol, Minute(3)));
        Assert.Equal(bars[2].Start, (await Store.ReadLatestBeforeAsync(symbol, Minute(2).AddTicks(1)))?.Bar.Start); // starts before: in
        Assert.Null(await Store.ReadLatestBeforeAsync(symbol, Minute(0))); // starts at the bound: out
        Assert.Null(await Store.ReadLatestBeforeAsync(NewSymbol(), DateTime.MaxValue));
    }

    [Fact]
    public async Task HasBars_is_true_only_while_the_symbol_has_a_stored_bar()
    {
        var merged = NewSymbol();
        var replaced = NewSymbol();

        Assert.False(await Store.HasBarsAsync(merged));
        await Store.MergeAsync([new SymbolBar(merged, Simple(0))]);
        await Store.ReplaceRangeAsync(replaced, Minute0, Minute(10), Series(0, 2));

        Assert.True(await Store.HasBarsAsync(merged));
        Assert.True(await Store.HasBarsAsync(replaced));
        var first = (await Store.ReadAsync(merged, DateTime.MinValue, DateTime.MaxValue))[0].Bar.Start;
        Assert.False(await Store.HasBarsAsync(merged, before: first));
        Assert.True(await Store.HasBarsAsync(merged, before: first.AddTicks(1)));
        Assert.False(await Store.HasBarsAsync(merged.ToLowerInvariant()));

        await Store.ReplaceRangeAsync(replaced, Minute0, Minute(10), []);
        Assert.False(await Store.HasBarsAsync(replaced));
    }
}
