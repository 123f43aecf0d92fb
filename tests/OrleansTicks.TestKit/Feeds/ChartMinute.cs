namespace OrleansTicks.TestKit.Feeds;

/// <summary>One element of a fake Yahoo chart: the minute's start (Unix seconds) and its values, null as Yahoo
/// sends for a minute without trades.</summary>
public readonly record struct ChartMinute(long Time, decimal? Open, decimal? High, decimal? Low, decimal? Close, long? Volume)
{
    /// <summary>A good minute starting at <paramref name="start"/>.</summary>
    public static ChartMinute At(DateTime start, decimal open, decimal high, decimal low, decimal close, long volume) =>
        new(new DateTimeOffset(start, TimeSpan.Zero).ToUnixTimeSeconds(), open, high, low, close, volume);

    /// <summary>A minute Yahoo lists without trades.</summary>
    public static ChartMinute Empty(DateTime start) => new(new DateTimeOffset(start, TimeSpan.Zero).ToUnixTimeSeconds(), null, null, null, null, null);

    /// <summary>The minute's start, UTC.</summary>
    public DateTime Start => DateTime.UnixEpoch.AddSeconds(Time);
}
