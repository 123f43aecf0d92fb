using OrleansTicks.GrainInterfaces.Symbols;

namespace OrleansTicks.Grains.Symbols;

/// <summary>Reads the symbol lists embedded in this assembly (grains/Data/README.md) and merges them into the
/// directory's entries.</summary>
/// <remarks>
/// Symbols are kept as the files write them. nasdaq-listed uses NASDAQ's own symbols; other-listed is keyed by its
/// "ACT Symbol" column, the form the consolidated tape and most vendors use: a class is <c>BRK.B</c>, a preferred
/// series <c>ABR$A</c>, a when-issued <c>AIG.W</c> (the file's NASDAQ and CQS columns write the same securities as
/// <c>ABR-A</c> and <c>ABRpA</c>). The S&amp;P 500 list writes classes the same way (<c>BRK.B</c>, <c>BF.B</c>), so the
/// two lists join on the symbol as is.
/// </remarks>
internal static class SymbolLists
{
    public const string NasdaqListedResource = "OrleansTicks.Data.symbols.nasdaq-listed.csv";
    public const string OtherListedResource = "OrleansTicks.Data.symbols.other-listed.csv";
    public const string Sp500Resource = "OrleansTicks.Data.symbols.sp500-constituents.csv";

    public const string NasdaqListedSource = "nasdaq-listed";
    public const string OtherListedSource = "other-listed";
    public const string Sp500Source = "sp500-constituents";

    /// <summary>The exchange of S&amp;P 500 members that neither listing file knows (the other-listed file is a 2015
    /// snapshot, so later NYSE listings such as UBER are missing): Finnhub's code for "some US exchange".</summary>
    public const string UnknownUsExchange = "US";

    // other-listed's Exchange column, as NASDAQ Trader's symbol directory defines it.
    private static readonly Dictionary<string, string> Exchanges = new(StringComparer.Ordinal)
    {
        ["N"] = "NYSE",
        ["A"] = "NYSE American",
        ["P"] = "NYSE Arca",
        ["Z"] = "BATS",
        ["V"] = "IEX",
    };

    /// <summary>The rows of nasdaq-listed.csv, without test issues and the <c>File Creation Time</c> footer.</summary>
    public static List<SymbolInfo> ReadNasdaqListed(TextReader reader)
    {
        var table = new CsvTable(reader, "nasdaq-listed.csv");
        var (symbol, security, testIssue, etf) = (table.Column("Symbol"), table.Column("Security Name"), table.Column("Test Issue"), table.Column("ETF"));
        var rows = new List<SymbolInfo>();
        while (table.TryReadRow())
        {
            if (table[symbol].StartsWith("File Creation Time", StringComparison.Ordinal) || IsYes(table, testIssue))
            {
                continue;
            }

            rows.Add(Entry(table, table[symbol], table[security], IsYes(table, etf), "NASDAQ", NasdaqListedSource));
        }

        return rows;
    }

    /// <summary>The rows of other-listed.csv (NYSE, NYSE American, NYSE Arca, BATS, IEX), without test issues.</summary>
    public static List<SymbolInfo> ReadOtherListed(TextReader reader)
    {
        var table = new CsvTable(reader, "other-listed.csv");
        var (symbol, security, exchange, testIssue, etf) = (table.Column("ACT Symbol"), table.Column("Security Name"), table.Column("Exchange"), table.Column("Test Issue"), table.Column("ETF"));
        var rows = new List<SymbolInfo>();
        while (table.TryReadRow())
        {
            if (IsYes(table, testIssue))
            {
                continue;
            }

            if (!Exchanges.TryGetValue(table[exchange], out var exchangeName))
            {
                throw table.Error($"unknown Exchange code '{table[exchange]}'; known: {string.Join(", ", Exchanges.Select(e => $"{e.Key} ({e.Value})"))}");
            }

            rows.Add(Entry(table, table[symbol], table[security], IsYes(table, etf), exchangeName, OtherListedSource));
        }

        return rows;
    }

    /// <summary>The rows of sp500-constituents.csv.</summary>
    public static List<Sp500Constituent> ReadSp500(TextReader reader)
    {
        var table = new CsvTable(reader, "sp500-constituents.csv");
        var (symbol, name, sector) = (table.Column("Symbol"), table.Column("Security"), table.Column("GICS Sector"));
        var rows = new List<Sp500Constituent>();
        while (table.TryReadRow())
        {
            rows.Add(new Sp500Constituent(CheckedSymbol(table, table[symbol]), table[name].Trim(), table[sector].Trim()));
        }

        return rows;
    }

    /// <summary>One entry per symbol: every nasdaq-listed row, the other-listed rows whose symbol nasdaq-listed does
    /// not have (nasdaq-listed is years newer: <c>APP</c> is AppLovin there, American Apparel in the 2015
    /// other-listed), then the S&amp;P 500 members neither list has.</summary>
    /// <exception cref="InvalidDataException">A list names a symbol twice.</exception>
    public static List<SymbolInfo> Merge(List<SymbolInfo> nasdaqListed, List<SymbolInfo> otherListed, List<Sp500Constituent> sp500)
    {
        var merged = new Dictionary<string, SymbolInfo>(StringComparer.Ordinal);
        AddUnique(merged, nasdaqListed, NasdaqListedSource);
        var others = new Dictionary<string, SymbolInfo>(StringComparer.Ordinal);
        AddUnique(others, otherListed, OtherListedSource);
        foreach (var (symbol, info) in others)
        {
            merged.TryAdd(symbol, info);
        }

        foreach (var member in sp500)
        {
            merged.TryAdd(member.Symbol, new SymbolInfo(member.Symbol, member.Symbol, member.Name, SecurityNames.CommonStock, UnknownUsExchange, Sp500Source));
        }

        return [.. merged.Values];
    }

    /// <summary>Opens an embedded list by its resource name.</summary>
    /// <exception cref="InvalidOperationException">The resource is missing from the assembly (a build defect).</exception>
    public static StreamReader OpenEmbedded(string resourceName)
    {
        var stream = typeof(SymbolLists).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{resourceName}' is missing from {typeof(SymbolLists).Assembly.GetName().Name}; "
                + $"it holds: {string.Join(", ", typeof(SymbolLists).Assembly.GetManifestResourceNames())}.");
        return new StreamReader(stream);
    }

    private static SymbolInfo Entry(CsvTable table, string symbol, string securityName, bool isEtf, string exchange, string source)
    {
        var checkedSymbol = CheckedSymbol(table, symbol);
        return new SymbolInfo(checkedSymbol, checkedSymbol, SecurityNames.Describe(securityName), SecurityNames.TypeOf(securityName, isEtf), exchange, source);
    }

    private static string CheckedSymbol(CsvTable table, string symbol)
    {
        var trimmed = symbol.Trim();
        return SymbolRules.Validate(trimmed) is { } problem ? throw table.Error(problem) : trimmed;
    }

    private static bool IsYes(CsvTable table, int column) => table[column] switch
    {
        "Y" => true,
        "N" => false,
        var other => throw table.Error($"'{other}' where Y or N was expected"),
    };

    private static void AddUnique(Dictionary<string, SymbolInfo> bySymbol, List<SymbolInfo> rows, string source)
    {
        foreach (var row in rows)
        {
            if (!bySymbol.TryAdd(row.Symbol, row))
            {
                throw new InvalidDataException($"{source}: the symbol '{row.Symbol}' is listed twice.");
            }
        }
    }
}
