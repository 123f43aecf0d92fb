namespace OrleansTicks.Grains.Feeds;

/// <summary>Why the ingestor refused a trade. Refused trades are counted and logged, never applied.</summary>
public enum TradeRejection
{
    /// <summary>The price is zero or negative.</summary>
    BadPrice,

    /// <summary>The size is negative.</summary>
    BadSize,

    /// <summary>No known symbol has that name (nor does the feed provide it).</summary>
    UnknownSymbol,

    /// <summary>The time is not UTC, before 1970, or further ahead of the clock than <c>Feed:MaxClockSkew</c>.</summary>
    BadTime,
}
