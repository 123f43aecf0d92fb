using System.Text.RegularExpressions;
using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Grains.Tests.Symbols;

/// <summary>The search ranking of <see cref="SymbolDirectory"/> written the slow, obvious way (every row, regex
/// words, LINQ ordering) as an independent check of the index.</summary>
internal static partial class NaiveSearch
{
    private static readonly string[] SecondaryTypes = ["Preferred Stock", "Warrant", "Right", "Unit", "Note"];

    private static readonly Lazy<(List<SymbolInfo> Rows, HashSet<string> Sp500)> Embedded = new(() =>
    {
        using var nasdaq = SymbolLists.OpenEmbedded(SymbolLists.NasdaqListedResource);
        using var other = SymbolLists.OpenEmbedded(SymbolLists.OtherListedResource);
        var sp500 = SymbolDirectory.LoadSp500().ToList();
        var rows = SymbolLists.Merge(SymbolLists.ReadNasdaqListed(nasdaq), SymbolLists.ReadOtherListed(other), sp500);
        return (rows, sp500.Select(member => member.Symbol).ToHashSet(StringComparer.Ordinal));
    });

    public static IEnumerable<string> Rank(SymbolDirectory directory, string query)
    {
        var (rows, sp500) = Embedded.Value;
        Assert.Equal(rows.Count, directory.Count);
        var upper = query.Trim().ToUpperInvariant();
        var queryWords = WordSplitter().Split(upper).Where(word => word.Length > 0).ToArray();
        var isSymbolQuery = !upper.Any(char.IsWhiteSpace);

        return rows
            .Select(row => (row, key: Key(row, upper, queryWords, isSymbolQuery, sp500)))
            .Where(candidate => candidate.key is not null)
            .OrderBy(candidate => candidate.key!.Value.Tier)
            .ThenBy(candidate => candidate.key!.Value.Position)
            .ThenBy(candidate => candidate.key!.Value.NotSp500)
            .ThenBy(candidate => candidate.key!.Value.Secondary)
            .ThenBy(candidate => candidate.row.Symbol.Length)
            .ThenBy(candidate => candidate.row.Symbol, StringComparer.Ordinal)
            .Select(candidate => candidate.row.Symbol);
    }

    private static (int Tier, int Position, bool NotSp500, bool Secondary)? Key(SymbolInfo row, string upper, string[] queryWords, bool isSymbolQuery, HashSet<string> sp500)
    {
        if (isSymbolQuery && row.Symbol == upper)
        {
            return (0, 0, false, false);
        }

        if (isSymbolQuery && row.Symbol.StartsWith(upper, StringComparison.Ordinal))
        {
            return (1, 0, false, false);
        }

        var nameWords = WordSplitter().Split(row.Description.ToUpperInvariant()).Where(word => word.Length > 0).ToList();
        if (queryWords.Length == 0 || !queryWords.All(q => nameWords.Any(w => w.StartsWith(q, StringComparison.Ordinal))))
        {
            return null;
        }

        var position = nameWords.FindIndex(w => w.StartsWith(queryWords[0], StringComparison.Ordinal));
        return (2, position, !sp500.Contains(row.Symbol), SecondaryTypes.Contains(row.Type));
    }

    [GeneratedRegex(@"[^\p{L}\p{Nd}]+")]
    private static partial Regex WordSplitter();
}
