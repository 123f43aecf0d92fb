using OrleansTicks.Grains.Feeds.Csv;

namespace OrleansTicks.Grains.Feeds.Simulator;

/// <summary>The simulator's universe: the S&amp;P 500 constituents shipped in the grains assembly. Read here rather than
/// through the symbol directory so that the simulator depends on nothing but the data file.</summary>
public static class Sp500Universe
{
    /// <summary>The embedded resource's name (see grains/OrleansTicks.Grains.csproj).</summary>
    public const string ResourceName = "OrleansTicks.Data.symbols.sp500-constituents.csv";

    private static readonly Lazy<IReadOnlyList<UniverseSymbol>> Cached = new(Load);

    /// <summary>The constituents in file order (by ticker), read once.</summary>
    public static IReadOnlyList<UniverseSymbol> Symbols => Cached.Value;

    /// <summary>The constituents named in <paramref name="only"/> (case-insensitive, in the list's order), or all of
    /// them when it is empty; then the first <paramref name="count"/> of those when it is positive.</summary>
    /// <exception cref="ArgumentException">A symbol is not a constituent.</exception>
    public static IReadOnlyList<UniverseSymbol> Select(IReadOnlyCollection<string> only, int count)
    {
        ArgumentNullException.ThrowIfNull(only);
        IReadOnlyList<UniverseSymbol> selected = Symbols;
        if (only.Count > 0)
        {
            var bySymbol = Symbols.ToDictionary(s => s.Symbol, StringComparer.OrdinalIgnoreCase);
            var chosen = new List<UniverseSymbol>(only.Count);
            foreach (var symbol in only)
            {
                chosen.Add(bySymbol.TryGetValue(symbol.Trim(), out var found)
                    ? found
                    : throw new ArgumentException($"'{symbol}' is not an S&P 500 constituent.", nameof(only)));
            }

            selected = chosen;
        }

        return count > 0 && count < selected.Count ? [.. selected.Take(count)] : selected;
    }

    private static IReadOnlyList<UniverseSymbol> Load()
    {
        using var stream = typeof(Sp500Universe).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from {typeof(Sp500Universe).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return Read(reader, ResourceName);
    }

    /// <summary>Reads a constituents file: columns <c>Symbol</c>, <c>Security</c> and <c>GICS Sector</c> found by
    /// header name, fields possibly quoted.</summary>
    internal static IReadOnlyList<UniverseSymbol> Read(TextReader reader, string source)
    {
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{source} is empty.");
        var columns = CsvFields.Split(header);
        var symbolColumn = Find(columns, "Symbol", source);
        var securityColumn = Find(columns, "Security", source);
        var sectorColumn = Find(columns, "GICS Sector", source);
        var symbols = new List<UniverseSymbol>(510);
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = CsvFields.Split(line);
            if (fields.Count <= Math.Max(symbolColumn, Math.Max(securityColumn, sectorColumn)) || fields[symbolColumn].Length == 0)
            {
                throw new InvalidDataException($"{source} line {lineNumber} has {fields.Count} fields and no symbol: '{line}'.");
            }

            symbols.Add(new UniverseSymbol(fields[symbolColumn].Trim().ToUpperInvariant(), fields[securityColumn].Trim(), fields[sectorColumn].Trim()));
        }

        return symbols;
    }

    private static int Find(List<string> columns, string name, string source)
    {
        var index = columns.FindIndex(c => string.Equals(c.Trim(), name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : throw new InvalidDataException($"{source} has no column '{name}'; its header is '{string.Join(',', columns)}'.");
    }
}
