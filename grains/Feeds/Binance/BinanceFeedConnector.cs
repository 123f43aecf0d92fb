using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Feeds.Demand;
using OrleansTicks.Grains.Feeds.Live;

namespace OrleansTicks.Grains.Feeds.Binance;

/// <summary>The <c>binance</c> feed: Binance's trade (or aggTrade) websocket streams of the symbols
/// <see cref="IFeedDemand"/> wants among those it provides, run by the shared <see cref="LiveFeedRunner"/> (reconnects, re-subscribes, the
/// 24-hour limit, bad-message counting).</summary>
public sealed class BinanceFeedConnector : IFeedConnector
{
    /// <summary>The <c>Feed:Kind</c> of this connector.</summary>
    public const string KindName = "binance";

    private static readonly string[] QuoteAssets = ["USDT", "USDC", "FDUSD", "BUSD", "TUSD", "BTC", "ETH", "BNB", "EUR", "TRY", "BRL", "JPY"];

    private readonly BinanceOptions _options;
    private readonly FeedOptions _feed;
    private readonly ILogger _logger;
    private readonly LiveFeedRunner _runner;

    public BinanceFeedConnector(IOptions<BinanceOptions> options, IOptions<FeedOptions> feed, IFeedDemand demand, TimeProvider clock, ILogger<BinanceFeedConnector> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(feed);
        _options = options.Value;
        _feed = feed.Value;
        _logger = logger;
        var endpoint = BinanceEndpoint.Resolve(_feed.Url, _options.Combined, out var problem) ?? throw new InvalidOperationException(problem);
        ProvidedSymbols = [.. ProvidedNames(_feed, _options).Select(Describe)];
        var table = new Utf8SymbolTable(ProvidedSymbols.Select(s => s.Symbol));
        Protocol = new BinanceProtocol(endpoint, _options.Stream, table, _options.MaxStreamsPerMessage);
        // Only what Binance carries goes upstream: a watched stock would only use up the connection's 1,024 streams.
        var provided = ProvidedSymbols.Select(s => s.Symbol).ToHashSet(StringComparer.Ordinal);
        _runner = new LiveFeedRunner(Protocol, _options, new FilteredFeedDemand(demand, provided.Contains), clock, logger);
    }

    public string Kind => KindName;

    public bool IsSimulated => false;

    /// <summary><c>Feed:Symbols</c> plus <c>Feed:Binance:Symbols</c> (or the default major USDT pairs), as
    /// <c>Crypto</c> on <c>BINANCE</c>.</summary>
    public IReadOnlyList<SymbolInfo> ProvidedSymbols { get; }

    /// <summary>The wire protocol (for its endpoint and pending requests).</summary>
    public BinanceProtocol Protocol { get; }

    /// <summary>The symbols subscribed upstream on the current connection.</summary>
    public IReadOnlyList<string> SubscribedUpstream => _runner.SubscribedUpstream;

    public Task RunAsync(ITradeSink sink, CancellationToken cancellationToken)
    {
        BinanceLog.Starting(_logger, _options.Stream, Protocol.Endpoint.Combined ? "combined" : "raw", Protocol.Source, ProvidedSymbols.Count, _feed.Symbols.Length);
        return _runner.RunAsync(sink, cancellationToken);
    }

    public FeedConnectorStatus GetStatus() => _runner.GetStatus();

    private static IEnumerable<string> ProvidedNames(FeedOptions feed, BinanceOptions options) =>
        feed.Symbols.Concat(options.Symbols.Length > 0 ? options.Symbols : BinanceOptions.DefaultSymbols)
            .Select(s => s.Trim().ToUpperInvariant())
            .Distinct(StringComparer.Ordinal);

    /// <summary>BTCUSDT is shown as BTC/USDT when its quote asset is a known one.</summary>
    private static SymbolInfo Describe(string symbol)
    {
        var quote = QuoteAssets.FirstOrDefault(q => symbol.Length > q.Length && symbol.EndsWith(q, StringComparison.Ordinal));
        var display = quote is null ? symbol : $"{symbol[..^quote.Length]}/{quote}";
        return new SymbolInfo(symbol, display, $"{display} on Binance", "Crypto", "BINANCE", KindName);
    }
}
