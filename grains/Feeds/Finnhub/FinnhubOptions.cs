using OrleansTicks.Grains.Feeds.Live;

namespace OrleansTicks.Grains.Feeds.Finnhub;

/// <summary>Settings of the <c>finnhub</c> feed, section <c>Feed:Finnhub</c>: the shared live-connection settings
/// (<see cref="LiveFeedOptions"/>) and the US symbol list. Where it connects is <c>Feed:Url</c> (default
/// <see cref="DefaultUrl"/>) with <c>Feed:Token</c> in the query.</summary>
public sealed class FinnhubOptions : LiveFeedOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Feed:Finnhub";

    /// <summary>Finnhub's websocket, used when <c>Feed:Url</c> is not set.</summary>
    public static readonly Uri DefaultUrl = new("wss://ws.finnhub.io");

    /// <summary>Finnhub's US symbol list, fetched when the feed is Finnhub's own and a token is set.</summary>
    public static readonly Uri DefaultSymbolListUrl = new("https://finnhub.io/api/v1/stock/symbol?exchange=US");

    public FinnhubOptions()
    {
        // Finnhub pings a connection when nothing trades, so a minute without any message means a dead connection.
        StallTimeout = TimeSpan.FromMinutes(1);
    }

    /// <summary>A Finnhub-compatible <c>/stock/symbol?exchange=US</c> address whose list is merged into the symbol
    /// directory at start (<c>Feed:Token</c> is added as <c>token=</c> unless the address has one). Unset: Finnhub's
    /// own list when <c>Feed:Url</c> is Finnhub's and a token is set, else none.</summary>
    public Uri? SymbolListUrl { get; set; }

    /// <summary>Whether the symbol list is fetched at all.</summary>
    public bool LoadSymbolList { get; set; } = true;

    /// <summary>How long fetching the symbol list may take; on timeout the embedded lists stay alone.</summary>
    public TimeSpan SymbolListTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
