using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Market;
using OrleansTicks.Grains.Storage;
using OrleansTicks.TestKit;
using static OrleansTicks.Grains.Tests.Storage.TestBars;

namespace OrleansTicks.Grains.Tests.Storage;

/// <summary>Checkpoints: the delta bars and the trade-id record of several symbols committed together, compare-and-set
/// on each symbol's revision.</summary>
public abstract partial class BarStoreConformanceTests
{
    [Fact]
    public async Task Checkpoints_committed_in_turn_store_the_bars_of_their_trades_and_the_ids_of_the_last()
    {
        var random = new Random(7);
        var ledger = new CheckpointLedger(NewSymbol());
        for (var i = 0; i < 5; i++)
        {
            ledger.Apply(random, count: 40);
            await Store.CommitCheckpointsAsync([ledger.Checkpoint()]);
            ledger.MarkCommitted();
        }

        var stored = await AssertCommittedAsync(ledger, revision: 5);
        Assert.All(ledger.Committed, t => Assert.True(stored.TradeIds.Contains(t.TradeId)));
    }

    [Fact]
    public async Task Checkpoint_merges_into_stored_bars_exactly_as_MergeAsync_does()
    {
        var symbol = NewSymbol();
        var viaMerge = NewSymbol();
        var first = Simple(0);
        var late = Bar.FromTrade(new Trade(symbol, 1, 50m, 2m, Minute0.AddTicks(1)), Minute0);
        await Store.MergeAsync([new SymbolBar(symbol, first), new SymbolBar(viaMerge, first)]);

        await Store.CommitCheckpointsAsync([new SymbolCheckpoint(symbol, [late, Simple(1)], new TradeIdSet(), 0)]);
        await Store.MergeAsync([new SymbolBar(viaMerge, late), new SymbolBar(viaMerge, Simple(1))]);

        Assert.Equal(await ReadAllAsync(viaMerge), await ReadAllAsync(symbol));
        Assert.Equal(new StoredBar(Bar.Merge(first, late, Minute0), 1), (await ReadAllAsync(symbol))[0]);
    }

    [Fact]
    public async Task Trade_ids_of_a_symbol_never_checkpointed_read_as_an_empty_set_at_revision_zero()
    {
        var stored = await Store.ReadTradeIdsAsync(NewSymbol());

        Assert.Equal(0, stored.Revision);
        AssertSameIds(new TradeIdSet(), stored.TradeIds);
    }

    [Fact]
    public async Task Checkpoint_of_many_symbols_commits_each_ones_bars_and_ids()
    {
        var random = new Random(11);
        var ledgers = Enumerable.Range(0, 40).Select(_ => new CheckpointLedger(NewSymbol())).ToList();
        ledgers.ForEach(l => l.Apply(random, count: random.Next(1, 30)));

        await Store.CommitCheckpointsAsync([.. ledgers.Select(l => l.Checkpoint())]);
        ledgers.ForEach(l => l.MarkCommitted());

        foreach (var ledger in ledgers)
        {
            await AssertCommittedAsync(ledger, revision: 1);
        }
    }

    [Fact]
    public async Task Concurrent_checkpoints_of_different_symbols_all_commit()
    {
        var ledgers = Enumerable.Range(0, 6).Select(_ => new CheckpointLedger(NewSymbol())).ToList();

        // Six writers at once, each committing its own symbol ten times.
        await Task.WhenAll(ledgers.Select((ledger, w) => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < 10; i++)
            {
                ledger.Apply(random, count: 10);
                await Store.CommitCheckpointsAsync([ledger.Checkpoint()]);
                ledger.MarkCommitted();
            }
        })));

        foreach (var ledger in ledgers)
        {
            await AssertCommittedAsync(ledger, revision: 10);
        }
    }

    [Fact]
    public async Task Concurrent_checkpoints_of_the_same_symbols_from_one_revision_commit_exactly_one()
    {
        string[] symbols = [NewSymbol(), NewSymbol(), NewSymbol()];
        await Store.CommitCheckpointsAsync([.. symbols.Select(s => new SymbolCheckpoint(s, [], new TradeIdSet(), 0))]);

        // Eight writers that all read revision 1 (a stale activation and a new owner, many times over), each with the
        // three symbols in its own order: exactly one commits, the others are refused whole.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var mine = symbols.ToArray();
            new Random(w).Shuffle(mine);
            var ids = new TradeIdSet();
            ids.TryAdd(w);
            try
            {
                await Store.CommitCheckpointsAsync([.. mine.Select(s => new SymbolCheckpoint(s, [Simple(0, tag: w + 1)], ids, 1))]);
                return (Writer: w, Conflict: (CheckpointConflictException?)null);
            }
            catch (CheckpointConflictException conflict)
            {
                return (Writer: w, Conflict: conflict);
            }
        })));

        var winner = Assert.Single(outcomes, o => o.Conflict is null).Writer;
        foreach (var (_, conflict) in outcomes.Where(o => o.Conflict is not null))
        {
            Assert.Equal(symbols.Order(StringComparer.Ordinal).Select(s => new CheckpointConflict(s, 1, 2)), conflict!.Conflicts);
        }

        foreach (var symbol in symbols)
        {
            Assert.Equal([new StoredBar(Simple(0, tag: winner + 1), 0)], await ReadAllAsync(symbol));
            var stored = await Store.ReadTradeIdsAsync(symbol);
            Assert.Equal((2L, true, false), (stored.Revision, stored.TradeIds.Contains(winner), stored.TradeIds.Contains(winner == 0 ? 1 : 0)));
        }
    }

    [Fact]
    public async Task Checkpoint_with_a_stale_revision_throws_CheckpointConflictException_and_writes_nothing_of_the_call()
    {
        var stale = NewSymbol();
        var fresh = NewSymbol();
        var ids = new TradeIdSet();
        ids.TryAdd(1);
        await Store.CommitCheckpointsAsync([new SymbolCheckpoint(stale, [Simple(0)], ids, 0)]);
        var more = new TradeIdSet();
        more.TryAdd(2);

        var error = await Assert.ThrowsAsync<CheckpointConflictException>(() => Store.CommitCheckpointsAsync(
            [new SymbolCheckpoint(fresh, [Simple(0)], more, 0), new SymbolCheckpoint(stale, [Simple(1)], more, 0)]));

        Assert.Equal([new CheckpointConflict(stale, 0, 1)], error.Conflicts);
        Assert.Contains($"{stale}: expected revision 0, stored 1", error.Message, StringComparison.Ordinal);
        Assert.Equal([new StoredBar(Simple(0), 0)], await ReadAllAsync(stale));
        var storedStale = await Store.ReadTradeIdsAsync(stale);
        Assert.Equal((1L, true, false), (storedStale.Revision, storedStale.TradeIds.Contains(1), storedStale.TradeIds.Contains(2)));
        Assert.False(await Store.HasBarsAsync(fresh));
        Assert.Equal(0, (await Store.ReadTradeIdsAsync(fresh)).Revision);
    }

    [Fact]
    public async Task Checkpoint_expecting_a_revision_that_was_never_stored_is_refused()
    {
        var symbol = NewSymbol();

        var error = await Assert.ThrowsAsync<CheckpointConflictException>(() => Store.CommitCheckpointsAsync([new SymbolCheckpoint(symbol, [Simple(0)], new TradeIdSet(), 3)]));

        Assert.Equal([new CheckpointConflict(symbol, 3, 0)], error.Conflicts);
        Assert.False(await Store.HasBarsAsync(symbol));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(TradeIdSet.MaxRuns)]
    public async Task Trade_ids_with_up_to_the_most_runs_round_trip(int runs)
    {
        var symbol = NewSymbol();
        var ids = new TradeIdSet();
        if (runs > 0)
        {
            // The smallest id a run can hold above the initial floor, runs of one to three ids with gaps of billions,
            // and the largest id.
            ids.TryAdd(long.MinValue + 2);
            for (var i = 0; i < runs - 2; i++)
            {
                var first = long.MaxValue - ((runs - i) * 4_000_000_000L);
                for (var id = first; id <= first + i % 3; id++)
                {
                    ids.TryAdd(id);
                }
            }

            ids.TryAdd(long.MaxValue);
        }

        await Store.CommitCheckpointsAsync([new SymbolCheckpoint(symbol, [], ids, 0)]);

        var stored = await Store.ReadTradeIdsAsync(symbol);
        Assert.Equal(runs, ids.RunCount);
        AssertSameIds(ids, stored.TradeIds);
        Assert.Equal(1, stored.Revision);
    }

    [Fact]
    public async Task Trade_ids_whose_floor_was_raised_over_their_runs_are_stored_in_canonical_form()
    {
        var symbol = NewSymbol();
        var ids = new TradeIdSet { Runs = [new IdRun(5, 7), new IdRun(10, 12), new IdRun(20, 20)] };
        ids.Floor = 10;

        await Store.CommitCheckpointsAsync([new SymbolCheckpoint(symbol, [], ids, 0)]);

        var stored = (await Store.ReadTradeIdsAsync(symbol)).TradeIds;
        Assert.Equal(12, stored.Floor);
        Assert.Equal([new IdRun(20, 20)], stored.Runs);
    }

    [Fact]
    public async Task Trade_ids_added_after_the_commit_returned_are_not_stored()
    {
        var symbol = NewSymbol();
        var ids = new TradeIdSet();
        ids.TryAdd(1);

        await Store.CommitCheckpointsAsync([new SymbolCheckpoint(symbol, [], ids, 0)]);
        ids.TryAdd(3);

        Assert.False((await Store.ReadTradeIdsAsync(symbol)).TradeIds.Contains(3));
    }

    [Fact]
    public async Task Checkpoint_of_no_symbols_writes_nothing()
    {
        await Store.CommitCheckpointsAsync([]);

        Assert.False(await Store.HasBarsAsync(NewSymbol()));
    }

    /// <summary>Asserts that the store holds the bars of exactly the ledger's committed trades, and its ids at
    /// <paramref name="revision"/>; returns the stored ids.</summary>
    private async Task<StoredTradeIds> AssertCommittedAsync(CheckpointLedger ledger, long revision)
    {
        Assert.Equal(BarsByDefinition.OneMinuteBySymbol(ledger.Committed)[ledger.Symbol], (await ReadAllAsync(ledger.Symbol)).Select(s => s.Bar));
        var stored = await Store.ReadTradeIdsAsync(ledger.Symbol);
        Assert.Equal(revision, stored.Revision);
        AssertSameIds(ledger.Ids, stored.TradeIds);
        return stored;
    }

    private static void AssertSameIds(TradeIdSet expected, TradeIdSet actual)
    {
        Assert.Equal(expected.Floor, actual.Floor);
        Assert.Equal(expected.Runs, actual.Runs);
    }
}
