namespace OrleansTicks.Grains.Feeds.Replay;

/// <summary>One good row of a bar file: an OHLCV bar whose prices are consistent (low ≤ open, close ≤ high, all
/// positive) and whose volume is not negative.</summary>
/// <param name="Line">The row's 1-based line number in the file (the header is line 1).</param>
/// <param name="Start">The bar's start, UTC: midnight for a daily row, a whole minute for an intraday one.</param>
/// <param name="IsDaily">Whether the row carried a date alone (a 1-day bar) rather than a time (a 1-minute bar).</param>
/// <param name="Open">The first price.</param>
/// <param name="High">The highest price.</param>
/// <param name="Low">The lowest price.</param>
/// <param name="Close">The last price.</param>
/// <param name="Volume">The volume traded, not negative (it may have a fraction).</param>
public readonly record struct ReplayBar(long Line, DateTime Start, bool IsDaily, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume)
{
    /// <summary>The bar's interval: one day for a daily row, one minute for an intraday one.</summary>
    public TimeSpan Length => IsDaily ? TimeSpan.FromDays(1) : TimeSpan.FromMinutes(1);

    /// <summary>The end of the bar's interval (exclusive).</summary>
    public DateTime End => Start + Length;
}
