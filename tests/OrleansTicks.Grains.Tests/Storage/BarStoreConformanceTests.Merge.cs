using System.Runtime.InteropServices;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Storage;
using OrleansTicks.TestKit;
using static OrleansTicks.Grains.Tests.Storage.TestBars;

namespace OrleansTicks.Grains.Tests.Storage;

/// <summary>Merging: exact, order independent, revisions counting merges.</summary>
public abstract partial class BarStoreConformanceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Merge_of_delta_bars_in_any_order_and_batching_equals_the_bars_of_the_ledger(int seed)
    {
        var random = new Random(seed);
        string[] symbols = [NewSymbol(), NewSymbol(), NewSymbol()];
        var ledger = TradeLedger.Random(random, symbols, minutes: 4, count: 400);
        var deltas = DeltaBars(random, ledger);
        random.Shuffle(CollectionsMarshal.AsSpan(deltas));

        var duplicateKeyBatches = 0;
        for (var i = 0; i < deltas.Count;)
        {
            var batch = deltas.GetRange(i, Math.Min(random.Next(1, 13), deltas.Count - i));
            if (batch.DistinctBy(b => (b.Symbol, b.Bar.Start)).Count() < batch.Count)
            {
                duplicateKeyBatches++;
            }

            await Store.MergeAsync(batch);
            i += batch.Count;
        }

        var expected = BarsByDefinition.OneMinuteBySymbol(ledger);
        var deltasPerKey = deltas.CountBy(d => (d.Symbol, d.Bar.Start)).ToDictionary();
        Assert.True(duplicateKeyBatches > 0, "the random batches should include a key twice in one batch");
        foreach (var symbol in symbols)
        {
            var stored = await ReadAllAsync(symbol, minutes: 4);
            Assert.Equal(expected[symbol], stored.Select(s => s.Bar));
            Assert.Equal(stored.Select(s => deltasPerKey[(symbol, s.Bar.Start)] - 1), stored.Select(s => s.Revision));
        }
    }

    [Fact]
    public async Task Concurrent_merges_of_the_same_minutes_converge_on_the_bars_of_the_ledger()
    {
        var random = new Random(42);
        string[] symbols = [NewSymbol(), NewSymbol()];
        var ledger = TradeLedger.Random(random, symbols, minutes: 3, count: 300);
        var deltas = DeltaBars(random, ledger);

        // Four writers, each with every fourth delta, batches of five: they write the same rows at the same time.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            var mine = deltas.Where((_, i) => i % 4 == writer).ToList();
            foreach (var batch in mine.Chunk(5))
            {
                await Store.MergeAsync(batch);
            }
        })));

        var expected = BarsByDefinition.OneMinuteBySymbol(ledger);
        foreach (var symbol in symbols)
        {
            Assert.Equal(expected[symbol], (await ReadAllAsync(symbol, minutes: 3)).Select(s => s.Bar));
        }
    }

    [Fact]
    public async Task Merge_into_a_stored_bar_increments_its_revision_once_per_bar()
    {
        var symbol = NewSymbol();
        var (first, second, third) = ThreeParts(Minute0);

        await Store.MergeAsync([new SymbolBar(symbol, second)]);
        Assert.Equal(0, Assert.Single(await ReadAllAsync(symbol)).Revision);

        await Store.MergeAsync([new SymbolBar(symbol, third)]);
        Assert.Equal(new StoredBar(Bar.Merge(second, third, Minute0), 1), Assert.Single(await ReadAllAsync(symbol)));

        await Store.MergeAsync([new SymbolBar(symbol, first), new SymbolBar(symbol, first with { FirstTradeId = 2, LastTradeId = 2 })]);
        var all = Bar.Merge(Bar.Merge(second, third, Minute0), Bar.Merge(first, first with { FirstTradeId = 2, LastTradeId = 2 }, Minute0), Minute0);
        Assert.Equal(new StoredBar(all, 3), Assert.Single(await ReadAllAsync(symbol)));
    }

    [Fact]
    public async Task Merge_of_a_new_minute_given_twice_in_one_batch_stores_it_at_revision_one()
    {
        var symbol = NewSymbol();
        var (first, second, _) = ThreeParts(Minute(5));

        await Store.MergeAsync([new SymbolBar(symbol, second), new SymbolBar(NewSymbol(), first), new SymbolBar(symbol, first)]);

        Assert.Equal(new StoredBar(Bar.Merge(first, second, Minute(5)), 1), Assert.Single(await ReadAllAsync(symbol)));
    }

    [Fact]
    public async Task Merge_keeps_the_open_of_the_earliest_trade_and_the_close_of_the_latest_with_ties_broken_by_id()
    {
        var symbol = NewSymbol();
        var time = Minute0.AddSeconds(30);
        var lowId = Bar.FromTrade(new Trade(symbol, 10, 101m, 1m, time), Minute0);
        var highId = Bar.FromTrade(new Trade(symbol, 20, 102m, 2m, time), Minute0);

        await Store.MergeAsync([new SymbolBar(symbol, highId)]);
        await Store.MergeAsync([new SymbolBar(symbol, lowId)]);

        var stored = Assert.Single(await ReadAllAsync(symbol)).Bar;
        Assert.Equal((101m, 10L, 102m, 20L), (stored.Open, stored.FirstTradeId, stored.Close, stored.LastTradeId));
        Assert.Equal((3m, 101m + 204m, 2L), (stored.Volume, stored.Notional, stored.Trades));
    }

    [Fact]
    public async Task Merge_of_an_empty_batch_writes_nothing()
    {
        await Store.MergeAsync([]);

        Assert.False(await Store.HasBarsAsync(NewSymbol()));
    }

    /// <summary>The ledger handed over in random pieces, each piece as one delta bar per (symbol, minute), as a symbol
    /// grain writes what it aggregated since its last write.</summary>
    private static List<SymbolBar> DeltaBars(Random random, List<Trade> ledger)
    {
        var shuffled = ledger.ToArray();
        random.Shuffle(shuffled);
        var deltas = new List<SymbolBar>();
        for (var i = 0; i < shuffled.Length;)
        {
            var piece = shuffled.AsSpan(i, Math.Min(random.Next(1, 9), shuffled.Length - i)).ToArray();
            i += piece.Length;
            foreach (var group in piece.GroupBy(t => (t.Symbol, t.Minute)))
            {
                var bar = group.Skip(1).Aggregate(Bar.FromTrade(group.First(), group.Key.Minute), (b, t) => b.With(t));
                deltas.Add(new SymbolBar(group.Key.Symbol, bar));
            }
        }

        return deltas;
    }

    /// <summary>Three one-trade bars of one minute: at 10 s (id 1), 20 s (id 5) and 50 s (id 3).</summary>
    private static (Bar First, Bar Second, Bar Third) ThreeParts(DateTime minute) => (
        Bar.FromTrade(new Trade("X", 1, 10.5m, 3m, minute.AddSeconds(10)), minute),
        Bar.FromTrade(new Trade("X", 5, 12.25m, 0.5m, minute.AddSeconds(20)), minute),
        Bar.FromTrade(new Trade("X", 3, 9.75m, 100m, minute.AddSeconds(50)), minute));
}
