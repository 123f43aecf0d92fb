namespace OrleansTicks.Grains.Feeds.Simulator;

/// <summary>Trade sizes in shares from one 64-bit draw: 35% odd lots (1–99, uniform), 65% round lots of 100 × k with
/// k = 1 (60%), 2 (20%), 3 (8%), 4 (4%), 5 (4%), 10 (3%) or 25 (1%). The mean is about 160 shares, the order of the
/// average US equity trade; with the default 2,000 trades/s the universe's daily volumes span the files' real
/// levels (see <see cref="SimulatorCalibration.ReferenceDailyVolume"/>).</summary>
internal static class TradeSizes
{
    /// <summary>Odd lots: draws whose low 16 bits are below this (35% of 65,536).</summary>
    public const uint OddLotThreshold = 22_938;

    private static readonly int[] RoundLotShares = BuildRoundLotTable();

    /// <summary>The size chosen by <paramref name="random"/>, a uniform 64-bit draw.</summary>
    public static int Pick(ulong random)
    {
        var bucket = (uint)(random & 0xFFFF);
        var rest = (uint)((random >> 16) & 0xFFFF);
        return bucket < OddLotThreshold
            ? 1 + (int)((rest * 99u) >> 16)
            : RoundLotShares[rest & 0xFF];
    }

    /// <summary>The mean size of <see cref="Pick"/> (odd lots counted at their mean, 50), for calibration checks.</summary>
    public static double MeanSize()
    {
        var oddShare = OddLotThreshold / 65_536.0;
        var roundMean = 0.0;
        foreach (var shares in RoundLotShares)
        {
            roundMean += shares;
        }

        roundMean /= RoundLotShares.Length;
        return (oddShare * 50.0) + ((1 - oddShare) * roundMean);
    }

    private static int[] BuildRoundLotTable()
    {
        // (lots, entries out of 256)
        ReadOnlySpan<(int Lots, int Entries)> shares = [(1, 154), (2, 51), (3, 20), (4, 10), (5, 10), (10, 8), (25, 3)];
        var table = new int[256];
        var next = 0;
        foreach (var (lots, entries) in shares)
        {
            for (var i = 0; i < entries; i++)
            {
                table[next++] = lots * 100;
            }
        }

        return next == table.Length ? table : throw new InvalidOperationException($"The round-lot table has {next} entries, not 256.");
    }
}
