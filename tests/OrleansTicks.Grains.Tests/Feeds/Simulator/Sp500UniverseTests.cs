using OrleansTicks.Grains.Feeds.Simulator;

namespace OrleansTicks.Grains.Tests.Feeds.Simulator;

public sealed class Sp500UniverseTests
{
    [Fact]
    public void Universe_holds_the_503_constituents_each_once()
    {
        var symbols = Sp500Universe.Symbols;

        Assert.Equal(503, symbols.Count);
        Assert.Equal(503, symbols.Select(s => s.Symbol).Distinct().Count());
        Assert.All(symbols, s => Assert.Equal(s.Symbol.ToUpperInvariant(), s.Symbol));
        Assert.Contains(new UniverseSymbol("MMM", "3M", "Industrials"), symbols);
    }

    [Fact]
    public void Reader_finds_columns_by_name_and_keeps_commas_inside_quoted_fields()
    {
        using var reader = new StringReader("Security,Symbol,HQ,GICS Sector\n\"Foo, Inc.\",foo,\"Austin, Texas\",Energy\n");

        var symbols = Sp500Universe.Read(reader, "test.csv");

        Assert.Equal([new UniverseSymbol("FOO", "Foo, Inc.", "Energy")], symbols);
    }

    [Fact]
    public void Reader_without_a_symbol_column_names_it_and_shows_the_header()
    {
        using var reader = new StringReader("Ticker,Security,GICS Sector\n");

        var error = Assert.Throws<InvalidDataException>(() => Sp500Universe.Read(reader, "test.csv"));

        Assert.Equal("test.csv has no column 'Symbol'; its header is 'Ticker,Security,GICS Sector'.", error.Message);
    }

    [Fact]
    public void Selecting_an_unknown_symbol_names_it()
    {
        var error = Assert.Throws<ArgumentException>(() => Sp500Universe.Select(["ZZZZ"], 0));

        Assert.StartsWith("'ZZZZ' is not an S&P 500 constituent.", error.Message, StringComparison.Ordinal);
    }
}
