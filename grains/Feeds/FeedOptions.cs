namespace OrleansTicks.Grains.Feeds;

/// <summary>Which feed the ingestor runs (section <c>Feed</c>). Each connector reads its own sub-section
/// (<c>Feed:Simulator</c>, <c>Feed:Replay</c>, ...).</summary>
public sealed class FeedOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Feed";

    /// <summary>The kind that runs no feed at all.</summary>
    public const string NoFeed = "none";

    /// <summary>The connector's kind: <c>simulator</c> (the default), <c>replay</c>, or <c>none</c>.</summary>
    public string Kind { get; set; } = "simulator";

    /// <summary>The latest trade time accepted, as an allowance over the clock: a trade stamped further in the future
    /// comes from a broken clock upstream and is rejected.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
