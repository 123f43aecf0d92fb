using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Grains.Tests.Symbols;

public sealed class SymbolRegistrationTests
{
    private static readonly SymbolInfo Bitcoin = new("BTCUSDT", "BTC/USDT", "Bitcoin / TetherUS", "Crypto", "BINANCE", "binance");

    [Fact]
    public void Registered_feed_symbols_are_found_by_lookup_and_search()
    {
        var directory = SymbolDirectory.LoadEmbedded();
        var listed = directory.Count;

        directory.Register(Bitcoin);

        Assert.Equal(listed + 1, directory.Count);
        Assert.True(directory.Contains("BTCUSDT"));
        Assert.True(directory.Contains("btcusdt"));
        Assert.True(directory.TryGet("BTCUSDT", out var info));
        Assert.Same(Bitcoin, info);
        Assert.Equal("BTCUSDT", directory.Search("btcusdt", 5)[0].Symbol);
        Assert.Contains(directory.Search("btc", 10), found => found.Symbol == "BTCUSDT"); // after shorter listed BTCS, ...
        Assert.Contains(directory.Search("bitcoin", 5), found => found.Symbol == "BTCUSDT");
    }

    [Fact]
    public void Registered_symbols_rank_among_listed_ones_by_the_same_rules()
    {
        var directory = new SymbolDirectory([Stock("APPL1", "Something"), Stock("APPLE", "Apple Hospitality")]);
        directory.Register(new SymbolInfo("APPL", "APPL", "Replayed symbol", "Common Stock", "replay", "replay"));

        // The exact symbol first though registered; then the listed prefixes by length and symbol.
        Assert.Equal(["APPL", "APPL1", "APPLE"], directory.Search("appl", 10).Select(info => info.Symbol));
    }

    [Fact]
    public void Registering_a_listed_symbol_keeps_the_listed_entry()
    {
        var directory = new SymbolDirectory([Stock("AAPL", "Apple Inc.")]);

        directory.Register(new SymbolInfo("AAPL", "AAPL", "AAPL", "Common Stock", "replay", "replay"));

        Assert.Equal(1, directory.Count);
        Assert.True(directory.TryGet("AAPL", out var info));
        Assert.Equal("Apple Inc.", info.Description);
    }

    [Fact]
    public void Registering_a_symbol_again_replaces_its_earlier_registration()
    {
        var directory = new SymbolDirectory([]);
        directory.Register(Bitcoin);

        directory.Register(Bitcoin with { Description = "Bitcoin" });

        Assert.Equal(1, directory.Count);
        Assert.True(directory.TryGet("BTCUSDT", out var info));
        Assert.Equal("Bitcoin", info.Description);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("btcusdt", "lower-case")]
    [InlineData("BTC USDT", "white space")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG", "at most 32")]
    public void Register_rejects_an_invalid_symbol_saying_why(string symbol, string reason)
    {
        var directory = new SymbolDirectory([]);

        var error = Assert.Throws<ArgumentException>(() => directory.Register(Bitcoin with { Symbol = symbol }));

        Assert.Equal("info", error.ParamName);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, directory.Count);
    }

    [Fact]
    public void Register_rejects_null_and_null_fields()
    {
        var directory = new SymbolDirectory([]);

        Assert.Throws<ArgumentNullException>(() => directory.Register(null!));
        var error = Assert.Throws<ArgumentException>(() => directory.Register(Bitcoin with { Exchange = null! }));
        Assert.Contains("null field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_rejects_a_symbol_listed_twice()
    {
        var error = Assert.Throws<ArgumentException>(() => new SymbolDirectory([Stock("AAA", "a"), Stock("aaa".ToUpperInvariant(), "b")]));

        Assert.Contains("'AAA' is listed twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_while_searching_from_other_threads_loses_nothing_and_never_fails()
    {
        var directory = new SymbolDirectory([Stock("COIN", "Coinbase Global, Inc. - Class A")]);
        const int Writers = 4;
        const int PerWriter = 200;
        using var done = new CancellationTokenSource();

        var searches = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var seen = 0;
            while (!done.IsCancellationRequested)
            {
                var results = directory.Search("c", 100);
                Assert.Equal("COIN", directory.Search("coin", 1)[0].Symbol);
                Assert.True(results.Count >= seen, "a registered symbol disappeared"); // registrations only add
                seen = results.Count;
            }
        })).ToList();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                var symbol = $"C{w}X{i:D3}";
                directory.Register(new SymbolInfo(symbol, symbol, $"Coin {w} {i}", "Crypto", "TEST", "test"));
                Assert.True(directory.Contains(symbol)); // visible to its writer at once
            }
        })).ToList();

        try
        {
            await Task.WhenAll(writers);
        }
        finally
        {
            await done.CancelAsync();
            await Task.WhenAll(searches);
        }

        Assert.Equal(1 + (Writers * PerWriter), directory.Count);
        Assert.Equal(100, directory.Search("c", 100).Count);
        Assert.True(directory.Contains("C3X199"));
    }

    private static SymbolInfo Stock(string symbol, string description) =>
        new(symbol, symbol, description, "Common Stock", "NASDAQ", "nasdaq-listed");
}
