using System.Globalization;
using OrleansTicks.GrainInterfaces.Market;
using Xunit;

namespace OrleansTicks.TestKit;

/// <summary>How a symbol's bars differ from the bars expected of it (<see cref="BarsByDefinition"/>): minutes missing,
/// minutes unexpected, and bars whose fields differ, each field named with the expected and the actual value.</summary>
public static class BarDifferences
{
    /// <summary>Every difference between <paramref name="expected"/> and <paramref name="actual"/> (both of one symbol,
    /// by minute); empty when they are equal.</summary>
    public static List<string> Between(IReadOnlyList<Bar> expected, IReadOnlyList<Bar> actual)
    {
        var differences = new List<string>();
        var actualByMinute = actual.ToDictionary(b => b.Start);
        foreach (var bar in expected)
        {
            if (!actualByMinute.Remove(bar.Start, out var found))
            {
                differences.Add($"missing {bar.Start:O} ({bar.Trades} trades)");
            }
            else if (found != bar)
            {
                differences.Add($"{bar.Start:O}: {Fields(bar, found)}");
            }
        }

        differences.AddRange(actualByMinute.Values.Select(extra => $"unexpected {extra.Start:O} ({extra.Trades} trades)"));
        return differences;
    }

    /// <summary>Fails, naming <paramref name="what"/> and the first differences, unless the bars are equal and oldest first.</summary>
    public static void AssertNone(IReadOnlyList<Bar> expected, IReadOnlyList<Bar> actual, string what)
    {
        var differences = Between(expected, actual);
        Assert.True(differences.Count == 0, $"{what}: {differences.Count} differences; first: {string.Join("; ", differences.Take(3))}");
        Assert.Equal(expected.Select(b => b.Start), actual.Select(b => b.Start)); // and oldest first
    }

    private static string Fields(Bar expected, Bar actual)
    {
        var fields = new List<string>();
        void Compare<T>(string name, T wanted, T got)
        {
            if (!EqualityComparer<T>.Default.Equals(wanted, got))
            {
                fields.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {wanted} ≠ {got}"));
            }
        }

        Compare("trades", expected.Trades, actual.Trades);
        Compare("volume", expected.Volume, actual.Volume);
        Compare("open", expected.Open, actual.Open);
        Compare("high", expected.High, actual.High);
        Compare("low", expected.Low, actual.Low);
        Compare("close", expected.Close, actual.Close);
        Compare("vwap", expected.Vwap, actual.Vwap);
        Compare("notional", expected.Notional, actual.Notional);
        Compare("first", (expected.FirstTime, expected.FirstTradeId), (actual.FirstTime, actual.FirstTradeId));
        Compare("last", (expected.LastTime, expected.LastTradeId), (actual.LastTime, actual.LastTradeId));
        return string.Join(", ", fields);
    }
}
