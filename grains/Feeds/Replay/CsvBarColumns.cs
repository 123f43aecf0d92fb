using OrleansTicks.Grains.Feeds.Csv;

namespace OrleansTicks.Grains.Feeds.Replay;

/// <summary>Where the required columns of a bar file are, found by header name (case-insensitive, any order; other
/// columns such as <c>Adj Close</c> are ignored).</summary>
public sealed record CsvBarColumns(int Date, int Open, int High, int Low, int Close, int Volume)
{
    /// <summary>The required columns, as a header names them.</summary>
    public static IReadOnlyList<string> Required { get; } = ["Date", "Open", "High", "Low", "Close", "Volume"];

    /// <summary>The number of fields a row needs to reach every required column.</summary>
    public int MinimumFields => Math.Max(Math.Max(Math.Max(Date, Open), Math.Max(High, Low)), Math.Max(Close, Volume)) + 1;

    /// <summary>Finds the columns in <paramref name="header"/>, the first line of <paramref name="source"/>.</summary>
    /// <exception cref="InvalidDataException">The header is missing, or lacks a required column: the message names
    /// every missing column and shows the header found.</exception>
    public static CsvBarColumns Parse(string? header, string source)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new InvalidDataException($"{source} has no header; the first line must name the columns {string.Join(',', Required)}.");
        }

        List<string> names;
        try
        {
            names = CsvFields.Split(header);
        }
        catch (FormatException exception)
        {
            throw new InvalidDataException($"{source}: the header '{header}' is not valid CSV: {exception.Message}", exception);
        }

        var indexes = new int[Required.Count];
        var missing = new List<string>();
        for (var i = 0; i < Required.Count; i++)
        {
            indexes[i] = names.FindIndex(name => string.Equals(name.Trim(), Required[i], StringComparison.OrdinalIgnoreCase));
            if (indexes[i] < 0)
            {
                missing.Add(Required[i]);
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"{source} has no {string.Join(", ", missing)} column{(missing.Count > 1 ? "s" : "")}; the header found is '{header}', and the required columns are {string.Join(',', Required)} (any order, case-insensitive).");
        }

        return new CsvBarColumns(indexes[0], indexes[1], indexes[2], indexes[3], indexes[4], indexes[5]);
    }
}
