using OrleansTicks.Grains.Market;
using OrleansTicks.Grains.Storage;
using static OrleansTicks.Grains.Tests.Storage.TestBars;

namespace OrleansTicks.Grains.Tests.Storage;

/// <summary>Bad checkpoints: rejected with a message naming what was wrong, and nothing of the call written.</summary>
public abstract partial class BarStoreConformanceTests
{
    [Theory]
    [MemberData(nameof(BadBars))]
    public async Task Checkpoint_with_a_bad_delta_throws_and_writes_no_bars_nor_ids_of_the_call(string fault, string message)
    {
        var good = NewSymbol();
        var symbol = NewSymbol();
        var bad = fault switch
        {
            "unaligned" => Simple(1) with { Start = Simple(1).Start.AddTicks(1) },
            "local" => Simple(1) with { LastTime = DateTime.SpecifyKind(Simple(1).LastTime, DateTimeKind.Local) },
            "trade outside the minute" => Simple(1) with { LastTime = Simple(1).Start.AddMinutes(1) },
            "first after last" => Simple(1) with { FirstTime = Simple(1).LastTime, FirstTradeId = Simple(1).LastTradeId + 1 },
            "no trades" => Simple(1) with { Trades = 0 },
            "high below low" => Simple(1) with { High = Simple(1).Low - 1m },
            _ => Simple(1) with { Volume = -0.00000001m },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitCheckpointsAsync(
            [new SymbolCheckpoint(good, [Simple(0)], new TradeIdSet(), 0), new SymbolCheckpoint(symbol, [Simple(0), bad], new TradeIdSet(), 0)]));

        Assert.Equal("checkpoints", error.ParamName);
        Assert.Contains($"checkpoints[1].Deltas[1] ({symbol})", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        await AssertNothingStoredAsync(good, symbol);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public async Task Checkpoint_without_a_symbol_throws_and_writes_nothing(string? symbol)
    {
        var good = NewSymbol();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitCheckpointsAsync(
            [new SymbolCheckpoint(good, [Simple(0)], new TradeIdSet(), 0), new SymbolCheckpoint(symbol!, [Simple(0)], new TradeIdSet(), 0)]));

        Assert.Contains("checkpoints[1] has no symbol", error.Message, StringComparison.Ordinal);
        await AssertNothingStoredAsync(good);
    }

    [Fact]
    public async Task Checkpoint_of_one_symbol_given_twice_throws_and_writes_nothing()
    {
        var symbol = NewSymbol();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitCheckpointsAsync(
            [new SymbolCheckpoint(symbol, [Simple(0)], new TradeIdSet(), 0), new SymbolCheckpoint(symbol, [Simple(1)], new TradeIdSet(), 0)]));

        Assert.Contains($"checkpoints[1] ({symbol}): the symbol has another checkpoint in this call", error.Message, StringComparison.Ordinal);
        await AssertNothingStoredAsync(symbol);
    }

    [Fact]
    public async Task Checkpoint_expecting_a_negative_revision_throws()
    {
        var symbol = NewSymbol();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitCheckpointsAsync([new SymbolCheckpoint(symbol, [], new TradeIdSet(), -1)]));

        Assert.Contains("expects revision -1", error.Message, StringComparison.Ordinal);
        await AssertNothingStoredAsync(symbol);
    }

    [Fact]
    public async Task Checkpoint_with_a_reversed_run_of_ids_throws()
    {
        var symbol = NewSymbol();
        var ids = new TradeIdSet { Runs = [new IdRun(9, 5)] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitCheckpointsAsync([new SymbolCheckpoint(symbol, [Simple(0)], ids, 0)]));

        Assert.Contains("[9, 5], whose first id is after its last", error.Message, StringComparison.Ordinal);
        await AssertNothingStoredAsync(symbol);
    }

    [Fact]
    public async Task Null_checkpoint_arguments_throw_ArgumentNullException()
    {
        var symbol = NewSymbol();

        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.CommitCheckpointsAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.CommitCheckpointsAsync([null!]));
        var noDeltas = await Assert.ThrowsAsync<ArgumentNullException>(() => Store.CommitCheckpointsAsync([new SymbolCheckpoint(symbol, null!, new TradeIdSet(), 0)]));
        var noIds = await Assert.ThrowsAsync<ArgumentNullException>(() => Store.CommitCheckpointsAsync([new SymbolCheckpoint(symbol, [Simple(0)], null!, 0)]));

        Assert.Contains("has no Deltas", noDeltas.Message, StringComparison.Ordinal);
        Assert.Contains("has no TradeIds", noIds.Message, StringComparison.Ordinal);
        await AssertNothingStoredAsync(symbol);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task Reading_trade_ids_without_a_symbol_throws(string symbol)
    {
        Assert.Equal("symbol", (await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadTradeIdsAsync(symbol))).ParamName);
    }

    [Fact]
    public async Task Checkpoint_with_a_cancelled_token_writes_nothing()
    {
        var symbol = NewSymbol();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var ids = new TradeIdSet();
        ids.TryAdd(1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CommitCheckpointsAsync([new SymbolCheckpoint(symbol, [Simple(0)], ids, 0)], cancelled.Token));

        await AssertNothingStoredAsync(symbol);
    }

    private async Task AssertNothingStoredAsync(params string[] symbols)
    {
        foreach (var symbol in symbols)
        {
            Assert.False(await Store.HasBarsAsync(symbol));
            var stored = await Store.ReadTradeIdsAsync(symbol);
            Assert.Equal((0L, long.MinValue, 0), (stored.Revision, stored.TradeIds.Floor, stored.TradeIds.RunCount));
        }
    }
}
