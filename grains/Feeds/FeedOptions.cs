namespace OrleansTicks.Grains.Feeds;

/// <summary>Which feed the ingestor runs (section <c>Feed</c>). Each connector reads its own sub-section
/// (<c>Feed:Simulator</c>, <c>Feed:Replay</c>, ...).</summary>
public sealed class FeedOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Feed";

    /// <summary>The kind that runs no feed at all.</summary>
    public const string NoFeed = "none";

    /// <summary>The connectors' own sections under <c>Feed</c>, bound by their options classes.</summary>
    public static readonly string[] ConnectorSections = ["Simulator", "Binance", "Finnhub", "Yahoo", "Replay"];

    /// <summary>The connector's kind: <c>simulator</c> (the default), <c>replay</c>, <c>binance</c>, or <c>none</c>.</summary>
    public string Kind { get; set; } = "simulator";

    /// <summary>The latest trade time accepted, as an allowance over the clock: a trade stamped further in the future
    /// comes from a broken clock upstream and is rejected.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Where a live connector connects (<c>Feed:Url</c>): the vendor's websocket or REST base address; each
    /// live connector documents its default.</summary>
    public Uri? Url { get; set; }

    /// <summary>The vendor's API token (<c>Feed:Token</c>), if it needs one.</summary>
    public string? Token { get; set; }

    /// <summary>Symbols a live connector always subscribes to upstream (<c>Feed:Symbols</c>), watched or not; every
    /// symbol a client watches is subscribed on top while it is watched.</summary>
    public string[] Symbols { get; set; } = [];

    /// <summary>How long a symbol nobody watches any more stays subscribed upstream (<c>Feed:UnsubscribeGrace</c>), so
    /// that clients coming and going do not make the connector flap.</summary>
    public TimeSpan UnsubscribeGrace { get; set; } = TimeSpan.FromSeconds(10);
}
