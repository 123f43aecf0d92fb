using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Grains.Tests.Symbols;

public sealed class SymbolListsTests
{
    [Fact]
    public void Embedded_directory_holds_the_union_of_both_listings_and_the_sp500()
    {
        // Independent of the CSV reader: the symbol is the first field and never quoted, and the trailing columns
        // are never quoted either, so Test Issue can be counted from the end of the line (5th last in nasdaq-listed,
        // 2nd last in other-listed).
        var nasdaq = RealRows(SymbolLists.NasdaqListedResource, testIssueFromEnd: 5);
        var other = RealRows(SymbolLists.OtherListedResource, testIssueFromEnd: 2);
        var sp500 = EmbeddedSymbols.Lines(SymbolLists.Sp500Resource).Skip(1).Where(line => line.Length > 0).Select(line => line.Split(',')[0]);
        var expected = nasdaq.Union(other).Union(sp500).ToHashSet(StringComparer.Ordinal);

        var directory = EmbeddedSymbols.Directory;

        Assert.InRange(directory.Count, 10_000, 11_500);
        Assert.Equal(expected.Count, directory.Count);
        Assert.All(expected, symbol => Assert.True(directory.Contains(symbol), symbol));
    }

    [Fact]
    public void Embedded_directory_skips_test_issues_and_the_file_creation_footer()
    {
        var directory = EmbeddedSymbols.Directory;

        Assert.False(directory.Contains("ZAZZT")); // Tick Pilot Test Stock, Test Issue = Y
        Assert.False(directory.Contains("ZBZZT"));
        Assert.DoesNotContain(directory.Search("file creation", 10), info => info.Symbol.StartsWith("FILE", StringComparison.Ordinal));
        Assert.Empty(directory.Search("Tick Pilot Test", 10));
    }

    [Fact]
    public void Nasdaq_listed_rows_map_to_nasdaq_entries()
    {
        Assert.True(EmbeddedSymbols.Directory.TryGet("AAPL", out var apple));
        Assert.Equal(new SymbolInfo("AAPL", "AAPL", "Apple Inc.", "Common Stock", "NASDAQ", "nasdaq-listed"), apple);

        Assert.True(EmbeddedSymbols.Directory.TryGet("GOOG", out var google));
        Assert.Equal("Alphabet Inc. - Class C Capital Stock", google.Description); // the class tells GOOG from GOOGL
    }

    [Fact]
    public void Other_listed_rows_map_exchange_codes_and_strip_the_common_stock_suffix()
    {
        var directory = EmbeddedSymbols.Directory;

        Assert.True(directory.TryGet("A", out var agilent));
        Assert.Equal(new SymbolInfo("A", "A", "Agilent Technologies, Inc.", "Common Stock", "NYSE", "other-listed"), agilent);
        Assert.True(directory.TryGet("BRK.B", out var berkshire));
        Assert.Equal(("NYSE", "Berkshire Hathaway Inc. New"), (berkshire.Exchange, berkshire.Description));
        Assert.True(directory.TryGet("AA$", out var preferred)); // ACT symbol of a preferred series, kept as written
        Assert.Equal(("Preferred Stock", "NYSE American"), (preferred.Type, preferred.Exchange));
    }

    [Theory]
    [InlineData("AAAP", "ETP")]             // ETF = Y
    [InlineData("AACBR", "Right")]          // "- Rights"
    [InlineData("AAC", "Common Stock")]
    public void Listing_types_come_from_the_etf_flag_and_the_security_name(string symbol, string type)
    {
        Assert.True(EmbeddedSymbols.Directory.TryGet(symbol, out var info));
        Assert.Equal(type, info.Type);
    }

    [Fact]
    public void Nasdaq_listed_wins_over_the_older_other_listed_snapshot()
    {
        Assert.True(EmbeddedSymbols.Directory.TryGet("APP", out var app));
        Assert.Equal(("Applovin Corporation - Class A", "nasdaq-listed"), (app.Description, app.Source)); // American Apparel in 2015
    }

    [Fact]
    public void Sp500_members_missing_from_both_listings_are_added_from_the_constituents_list()
    {
        Assert.True(EmbeddedSymbols.Directory.TryGet("UBER", out var uber));
        Assert.Equal(new SymbolInfo("UBER", "UBER", "Uber", "Common Stock", "US", "sp500-constituents"), uber);
    }

    [Fact]
    public void Sp500_list_has_every_constituent_with_name_and_sector()
    {
        var sp500 = SymbolDirectory.LoadSp500();

        Assert.Equal(503, sp500.Count);
        Assert.Equal(sp500.Count, sp500.Select(member => member.Symbol).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(new Sp500Constituent("AAPL", "Apple Inc.", "Information Technology"), sp500);
        Assert.Contains(new Sp500Constituent("BRK.B", "Berkshire Hathaway", "Financials"), sp500);
        Assert.All(sp500, member => Assert.False(string.IsNullOrWhiteSpace(member.Sector), member.Symbol));
    }

    [Theory]
    [InlineData("Apple Inc. - Common Stock", "Apple Inc.")]
    [InlineData("Zoetis Inc. Class A Common Stock", "Zoetis Inc. Class A")]
    [InlineData("Lindblad Expeditions Holdings Inc.  - Common Stock", "Lindblad Expeditions Holdings Inc.")]
    [InlineData("Stran & Company, Inc. - Warrant", "Stran & Company, Inc. - Warrant")]
    [InlineData("Common Stock", "Common Stock")]
    public void Descriptions_drop_only_a_trailing_common_stock(string securityName, string description) =>
        Assert.Equal(description, SecurityNames.Describe(securityName));

    [Theory]
    [InlineData("Capital One Financial Corp Depository Shares Representing 1/40th Interest Perpetual Preferred Series D", "Preferred Stock")]
    [InlineData("Braskem SA ADR", "ADR")]
    [InlineData("ADS-TEC ENERGY PLC - Ordinary Shares", "Common Stock")]
    [InlineData("ETRACS Alerian MLP Index ETN", "ETP")]
    [InlineData("Oxford Lane Capital Corp. - 6.75% Notes due 2031", "Note")]
    [InlineData("GSR IV Acquisition Corp. - Units", "Unit")]
    [InlineData("Moolec Science SA - Warrant", "Warrant")]
    public void Security_types_are_read_from_the_name_when_not_an_etf(string securityName, string type) =>
        Assert.Equal(type, SecurityNames.TypeOf(securityName, isEtf: false));

    [Fact]
    public void Other_listed_rejects_an_unknown_exchange_code_naming_the_line_and_the_known_codes()
    {
        const string Csv = "ACT Symbol,Company Name,Security Name,Exchange,CQS Symbol,ETF,Round Lot Size,Test Issue,NASDAQ Symbol\n"
            + "XX,X Corp,X Corp Common Stock,Q,XX,N,100,N,XX\n";

        var error = Assert.Throws<InvalidDataException>(() => SymbolLists.ReadOtherListed(new StringReader(Csv)));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Q'", error.Message, StringComparison.Ordinal);
        Assert.Contains("N (NYSE)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_rejects_a_symbol_listed_twice_in_one_file()
    {
        var row = new SymbolInfo("AAA", "AAA", "A", "Common Stock", "NASDAQ", "nasdaq-listed");

        var error = Assert.Throws<InvalidDataException>(() => SymbolLists.Merge([row, row], [], []));
        Assert.Contains("'AAA' is listed twice", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> RealRows(string resource, int testIssueFromEnd) =>
        EmbeddedSymbols.Lines(resource)
            .Skip(1)
            .Select(line => line.Split(','))
            .Where(fields => fields[0].Length > 0 && !fields[0].StartsWith("File Creation Time", StringComparison.Ordinal))
            .Where(fields => fields[^testIssueFromEnd] == "N")
            .Select(fields => fields[0]);
}
