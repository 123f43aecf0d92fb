using System.Globalization;
using System.Text;

namespace OrleansTicks.Cluster.Tests;

/// <summary>The stored 1-minute bars of a ledger's symbols against the bars computed from the ledger by definition.</summary>
/// <param name="TradesInLedger">Distinct trades of the ledger.</param>
/// <param name="Deliveries">What the feed's schedule delivers: every trade once or more (late ones, duplicates).</param>
/// <param name="BarsExpected">(symbol, minute) bars of the ledger.</param>
/// <param name="BarsStored">(symbol, minute) rows in <c>bars_1m</c> for the ledger's symbols.</param>
/// <param name="TradesStored">Σ trades over the stored bars: the ledger's count when nothing was lost or counted twice.</param>
/// <param name="Differences">Per symbol, every difference (missing, unexpected or unequal bars; empty lists left out).</param>
public sealed record LedgerBarReport(
    int TradesInLedger,
    int Deliveries,
    int BarsExpected,
    int BarsStored,
    long TradesStored,
    IReadOnlyDictionary<string, List<string>> Differences)
{
    /// <summary>All differences over every symbol.</summary>
    public int DifferenceCount => Differences.Values.Sum(d => d.Count);

    /// <summary>A summary for the test output: the counts, then the first differences of each symbol that has some.</summary>
    public string Describe(int perSymbol = 3)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"ledger: {TradesInLedger} trades in {Deliveries} deliveries; bars compared: {BarsExpected} expected, {BarsStored} stored; ")
            .Append(CultureInfo.InvariantCulture, $"trades in stored bars: {TradesStored} ({TradesStored - TradesInLedger:+#;-#;0} against the ledger); ")
            .Append(CultureInfo.InvariantCulture, $"differences: {DifferenceCount} in {Differences.Count} symbols");
        foreach (var (symbol, differences) in Differences.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  {symbol}: {differences.Count}: {string.Join("; ", differences.Take(perSymbol))}");
        }

        return text.ToString();
    }
}
