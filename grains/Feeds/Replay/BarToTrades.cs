using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Feeds.Replay;

/// <summary>Turns a bar into at most four trades whose aggregation over the bar's interval is that bar exactly.
/// <list type="bullet">
/// <item>Prices follow the path open → low → high → close when the close is at or above the open (a dip, then the
/// rally), open → high → low → close otherwise; a point equal to the one before it is dropped, so a bar whose prices
/// coincide gives fewer trades (one when all four are equal). The first trade is the open, the last the close, and
/// the high and the low are both printed.</item>
/// <item>Trade j of n is at start + j × length / n: the first at the start, the last before the end.</item>
/// <item>The volume is split in whole units, ⌊volume / n⌋ each, the remainder (with any fraction) to the last, so
/// the sizes add up to the volume exactly; a zero volume gives zero-size trades.</item>
/// <item>Trade ids are line × 4 + j: unique, increasing in file order, and the same on every replay of the file.</item>
/// </list></summary>
public static class BarToTrades
{
    /// <summary>The most trades one bar becomes.</summary>
    public const int MaxTradesPerBar = 4;

    /// <summary>Writes the trades of <paramref name="bar"/> for <paramref name="symbol"/>, moved in time by
    /// <paramref name="shift"/>, into <paramref name="destination"/> and returns how many.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has room for fewer than
    /// <see cref="MaxTradesPerBar"/> trades.</exception>
    public static int Convert(in ReplayBar bar, string symbol, TimeSpan shift, Span<Trade> destination)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (destination.Length < MaxTradesPerBar)
        {
            throw new ArgumentException($"The destination must have room for {MaxTradesPerBar} trades; it has {destination.Length}.", nameof(destination));
        }

        Span<decimal> path = [bar.Open, bar.Close >= bar.Open ? bar.Low : bar.High, bar.Close >= bar.Open ? bar.High : bar.Low, bar.Close];
        Span<decimal> prices = stackalloc decimal[MaxTradesPerBar];
        var count = 0;
        foreach (var price in path)
        {
            if (count == 0 || prices[count - 1] != price)
            {
                prices[count++] = price;
            }
        }

        var start = bar.Start + shift;
        var step = bar.Length.Ticks / count;
        var each = decimal.Floor(bar.Volume / count);
        for (var j = 0; j < count; j++)
        {
            var size = j < count - 1 ? each : bar.Volume - (each * (count - 1));
            destination[j] = new Trade(symbol, (bar.Line * MaxTradesPerBar) + j, prices[j], size, new DateTime(start.Ticks + (j * step), DateTimeKind.Utc));
        }

        return count;
    }
}
