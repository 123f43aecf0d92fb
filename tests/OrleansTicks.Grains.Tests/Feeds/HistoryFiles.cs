using OrleansTicks.Grains.Feeds.Replay;

namespace OrleansTicks.Grains.Tests.Feeds;

/// <summary>The real bar files of tests/data/history, copied next to the tests as data/history/.</summary>
internal static class HistoryFiles
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "data", "history");

    public static IEnumerable<string> BarFiles => System.IO.Directory.EnumerateFiles(Directory, "*.csv").Order(StringComparer.Ordinal);

    public static string Daily(string symbol) =>
        System.IO.Directory.EnumerateFiles(Directory, $"yahoofinance-{symbol}-*.csv").Single();

    public static List<CsvBarRow> Read(string path)
    {
        using var reader = new StreamReader(path);
        return [.. CsvBarReader.Read(reader, path)];
    }
}
