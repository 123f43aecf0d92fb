using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Feeds.Demand;
using OrleansTicks.Grains.Feeds.Live;

namespace OrleansTicks.Grains.Feeds.Finnhub;

/// <summary>The <c>finnhub</c> feed: Finnhub's trade websocket for the symbols <see cref="IFeedDemand"/> wants, run
/// by the shared <see cref="LiveFeedRunner"/> (reconnects, re-subscribes, bad-message counting). Before it
/// connects it merges Finnhub's US symbol list into the directory, when one is configured
/// (<see cref="FinnhubSymbolList"/>), so the trades of symbols only that list knows are not refused.</summary>
public sealed class FinnhubFeedConnector : IFeedConnector
{
    /// <summary>The <c>Feed:Kind</c> of this connector.</summary>
    public const string KindName = "finnhub";

    private readonly FinnhubSymbolList? _symbolList;
    private readonly ILogger _logger;
    private readonly LiveFeedRunner _runner;
    private readonly int _configured;

    public FinnhubFeedConnector(IOptions<FinnhubOptions> options, IOptions<FeedOptions> feed, IFeedDemand demand, TimeProvider clock, ILogger<FinnhubFeedConnector> logger, FinnhubSymbolList? symbolList = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(logger);
        _symbolList = symbolList;
        _logger = logger;
        var configured = feed.Value.Symbols.Select(s => s.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        _configured = configured.Length;
        ProvidedSymbols = [.. configured.Select(s => new SymbolInfo(s, s, $"{s} on Finnhub", string.Empty, "FINNHUB", KindName))];
        Protocol = new FinnhubProtocol(feed.Value.Url ?? FinnhubOptions.DefaultUrl, feed.Value.Token, new Utf8SymbolTable(configured));
        _runner = new LiveFeedRunner(Protocol, options.Value, demand, clock, logger);
    }

    public string Kind => KindName;

    public bool IsSimulated => false;

    /// <summary>The configured symbols (<c>Feed:Symbols</c>), so that one the listings lack (a crypto pair such as
    /// <c>BINANCE:BTCUSDT</c>) is known; a listed symbol keeps its listed entry.</summary>
    public IReadOnlyList<SymbolInfo> ProvidedSymbols { get; }

    /// <summary>The wire protocol.</summary>
    public FinnhubProtocol Protocol { get; }

    /// <summary>The symbols subscribed upstream on the current connection.</summary>
    public IReadOnlyList<string> SubscribedUpstream => _runner.SubscribedUpstream;

    public async Task RunAsync(ITradeSink sink, CancellationToken cancellationToken)
    {
        FinnhubLog.Starting(_logger, Protocol.Source, _configured);
        if (_symbolList is not null)
        {
            await _symbolList.LoadAsync(cancellationToken);
        }

        await _runner.RunAsync(sink, cancellationToken);
    }

    public FeedConnectorStatus GetStatus() => _runner.GetStatus();
}
