using OrleansTicks.Grains.Storage;
using static OrleansTicks.Grains.Tests.Storage.TestBars;

namespace OrleansTicks.Grains.Tests.Storage;

/// <summary>Bad arguments: rejected with a message naming what was wrong, before any data changes.</summary>
public abstract partial class BarStoreConformanceTests
{
    public static TheoryData<string, string> BadBars => new()
    {
        { "unaligned", "not on a minute" },
        { "local", "local time" },
        { "trade outside the minute", "must lie in that minute" },
        { "first after last", "comes after its last trade" },
        { "no trades", "at least one trade" },
        { "high below low", "low ≤ open, close ≤ high" },
        { "negative volume", "negative volume" },
    };

    [Theory]
    [MemberData(nameof(BadBars))]
    public async Task Merge_with_a_bad_bar_throws_and_writes_none_of_the_batch(string fault, string message)
    {
        var symbol = NewSymbol();
        var good = Simple(0);
        var bad = Simple(1);
        bad = fault switch
        {
            "unaligned" => bad with { Start = bad.Start.AddTicks(1) },
            "local" => bad with { LastTime = DateTime.SpecifyKind(bad.LastTime, DateTimeKind.Local) },
            "trade outside the minute" => bad with { LastTime = bad.Start.AddMinutes(1) },
            "first after last" => bad with { FirstTime = bad.LastTime, FirstTradeId = bad.LastTradeId + 1 },
            "no trades" => bad with { Trades = 0 },
            "high below low" => bad with { High = bad.Low - 1m },
            _ => bad with { Volume = -0.00000001m },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.MergeAsync([new SymbolBar(symbol, good), new SymbolBar(symbol, bad)]));

        Assert.Equal("bars", error.ParamName);
        Assert.Contains($"bars[1] ({symbol})", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.False(await Store.HasBarsAsync(symbol));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task Merge_of_a_bar_without_a_symbol_throws(string symbol)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.MergeAsync([new SymbolBar(symbol, Simple(0))]));

        Assert.Contains("bars[0] has no symbol", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_and_replacements_without_a_symbol_throw()
    {
        Assert.Equal("symbol", (await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync("", Minute0, Minute(1)))).ParamName);
        Assert.Equal("symbol", (await Assert.ThrowsAsync<ArgumentException>(() => Store.HasBarsAsync(" "))).ParamName);
        Assert.Equal("symbol", (await Assert.ThrowsAsync<ArgumentException>(() => Store.ReplaceRangeAsync("", Minute0, Minute(1), []))).ParamName);
    }

    [Fact]
    public async Task Reversed_or_local_ranges_throw_and_replace_nothing()
    {
        var symbol = NewSymbol();
        await Store.MergeAsync([new SymbolBar(symbol, Simple(0))]);
        var local = DateTime.SpecifyKind(Minute(5), DateTimeKind.Local);

        var reversed = await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync(symbol, Minute(2), Minute(1)));
        Assert.Contains("is reversed", reversed.Message, StringComparison.Ordinal);
        Assert.Equal("to", (await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync(symbol, Minute0, local))).ParamName);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReplaceRangeAsync(symbol, Minute(2), Minute(1), []));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReplaceRangeAsync(symbol, local, Minute(10), []));

        Assert.Equal([new StoredBar(Simple(0), 0)], await ReadAllAsync(symbol));
    }

    [Fact]
    public async Task Null_arguments_throw_ArgumentNullException()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.MergeAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.ReplaceRangeAsync(NewSymbol(), Minute0, Minute(1), null!));
    }

    [Fact]
    public async Task Merge_with_a_cancelled_token_writes_nothing()
    {
        var symbol = NewSymbol();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.MergeAsync([new SymbolBar(symbol, Simple(0))], cancelled.Token));

        Assert.False(await Store.HasBarsAsync(symbol));
    }
}
