using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Grains.Tests.Symbols;

public sealed class SymbolSearchTests
{
    // A small directory whose ranking can be worked out by hand.
    private static readonly SymbolDirectory Small = new(
        [
            Stock("APP", "Applovin Corporation - Class A"),
            Stock("APPF", "AppFolio, Inc. - Class A"),
            Stock("APPN", "Appian Corporation - Class A"),
            Stock("AP", "Ampco-Pittsburgh Corporation"),
            Stock("AAPL", "Apple Inc."),
            Stock("AMAT", "Applied Materials, Inc."),
            Stock("AIT", "Applied Industrial Technologies, Inc."),
            Stock("AAOI", "Applied Optoelectronics, Inc."),
            Stock("SAPP", "Super App Holdings"),
            new SymbolInfo("AAPW", "AAPW", "Apple Warrant Trust - Warrant", "Warrant", "NASDAQ", "nasdaq-listed"),
            Stock("BAC", "Bank of America Corporation"),
            Stock("BK", "The Bank of New York Mellon Corporation"),
            Stock("BMO", "Bank Of Montreal"),
            Stock("BOH", "Bank of Hawaii Corporation"),
            Stock("OZK", "Bank OZK"),
        ],
        ["AAPL", "AMAT", "BAC", "BK"]);

    [Fact]
    public void Search_ranks_exact_symbol_then_symbol_prefixes_by_length_then_name_matches()
    {
        // Exact APP; prefixes APPF, APPN (same length, alphabetical); name word 0 matches: S&P members AAPL, AMAT
        // (length 4, alphabetical), then the rest by length (AIT) and symbol (AAOI, AAPW is a warrant so after the
        // shares of equal position); SAPP matches "App" at word 1, so last. AP does not start with APP.
        var symbols = Symbols(Small.Search("app", 20));

        Assert.Equal(["APP", "APPF", "APPN", "AAPL", "AMAT", "AIT", "AAOI", "AAPW", "SAPP"], symbols);
    }

    [Fact]
    public void Search_is_case_insensitive_and_ignores_surrounding_white_space()
    {
        Assert.Equal(Symbols(Small.Search("app", 20)), Symbols(Small.Search("  aPp ", 20)));
    }

    [Fact]
    public void Search_of_several_words_needs_a_word_prefix_for_each()
    {
        // "bank of": BAC, BMO, BOH at word 0 (BAC an S&P member first, then by length: BMO, BOH), BK at word 1. OZK
        // has no word starting with OF.
        Assert.Equal(["BAC", "BMO", "BOH", "BK"], Symbols(Small.Search("bank of", 10)));
        Assert.Equal(["BK"], Symbols(Small.Search("bank york", 10)));
        Assert.Empty(Small.Search("bank of zzz", 10));
    }

    [Fact]
    public void Search_matches_word_prefixes_only_never_the_middle_of_a_word()
    {
        Assert.Empty(Small.Search("pple", 10));
        Assert.Empty(Small.Search("micro soft", 10));
    }

    [Fact]
    public void Search_returns_at_most_limit_results_the_best_ones()
    {
        var all = Symbols(Small.Search("app", 20));

        Assert.Equal(all.Take(4), Symbols(Small.Search("app", 4)));
        Assert.Equal(all.Take(1), Symbols(Small.Search("app", 1)));
    }

    [Fact]
    public void Search_lists_a_symbol_matching_by_symbol_and_by_name_once()
    {
        var symbols = Symbols(Small.Search("appf", 10)); // AppFolio: symbol APPF and name word "AppFolio"

        Assert.Equal(["APPF"], symbols);
    }

    [Fact]
    public void Search_of_app_offers_apple_first_among_name_matches_in_the_real_directory()
    {
        var symbols = Symbols(EmbeddedSymbols.Directory.Search("app", 10));

        Assert.Equal("APP", symbols[0]);
        Assert.Contains("AAPL", symbols);
        Assert.True(symbols.IndexOf("AAPL") < 8, string.Join(", ", symbols));
        // Every symbol-prefix match comes before the first name match.
        var firstNameMatch = symbols.FindIndex(symbol => !symbol.StartsWith("APP", StringComparison.Ordinal));
        Assert.All(symbols.Skip(firstNameMatch), symbol => Assert.False(symbol.StartsWith("APP", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("AAPL", "AAPL")]
    [InlineData("brk.b", "BRK.B")]
    [InlineData("a", "A")]
    [InlineData("bank of america", "BAC")]
    [InlineData("microsoft", "MSFT")]
    public void Search_puts_the_obvious_answer_first_in_the_real_directory(string query, string first)
    {
        Assert.Equal(first, EmbeddedSymbols.Directory.Search(query, 5)[0].Symbol);
    }

    [Fact]
    public void Search_is_deterministic_and_agrees_with_a_naive_ranking_over_every_row()
    {
        var directory = EmbeddedSymbols.Directory;
        foreach (var query in new[] { "a", "ap", "app", "bank of", "in", "tech", "z", "gold", "s p" })
        {
            var expected = NaiveSearch.Rank(directory, query).Take(25).ToList();

            Assert.Equal(expected, Symbols(directory.Search(query, 25)));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    public void Search_rejects_a_limit_outside_one_to_one_hundred(int limit)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Small.Search("app", limit));

        Assert.Equal("limit", error.ParamName);
        Assert.Contains("between 1 and 100", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Search_rejects_an_empty_or_white_space_query(string query)
    {
        var error = Assert.Throws<ArgumentException>(() => Small.Search(query, 10));

        Assert.Equal("query", error.ParamName);
        Assert.Contains("empty or white space", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_rejects_a_null_or_overlong_query()
    {
        Assert.Throws<ArgumentNullException>(() => Small.Search(null!, 10));
        var error = Assert.Throws<ArgumentException>(() => Small.Search(new string('a', SymbolDirectory.MaxQueryLength + 1), 10));
        Assert.Contains("at most 64", error.Message, StringComparison.Ordinal);
    }

    private static SymbolInfo Stock(string symbol, string description) =>
        new(symbol, symbol, description, "Common Stock", "NASDAQ", "nasdaq-listed");

    private static List<string> Symbols(IReadOnlyList<SymbolInfo> results) => results.Select(info => info.Symbol).ToList();
}
