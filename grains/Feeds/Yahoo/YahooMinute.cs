namespace OrleansTicks.Grains.Feeds.Yahoo;

/// <summary>One element of a Yahoo chart, as served: the minute's start in Unix seconds and its values, null where
/// Yahoo has null (a minute without trades has all five null).</summary>
/// <param name="Time">The element's timestamp, Unix seconds.</param>
/// <param name="Open">The first price.</param>
/// <param name="High">The highest price.</param>
/// <param name="Low">The lowest price.</param>
/// <param name="Close">The last price.</param>
/// <param name="Volume">The volume.</param>
/// <param name="Problem">What is wrong with a value that is neither a number nor null (a string, a number out of
/// range), when something is.</param>
public readonly record struct YahooMinute(long Time, decimal? Open, decimal? High, decimal? Low, decimal? Close, decimal? Volume, string? Problem = null)
{
    /// <summary>Whether all five values are null: Yahoo's way of listing a minute without trades.</summary>
    public bool IsEmpty => Problem is null && Open is null && High is null && Low is null && Close is null && Volume is null;
}
