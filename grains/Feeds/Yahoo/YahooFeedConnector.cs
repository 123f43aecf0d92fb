using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Feeds.Demand;
using OrleansTicks.Grains.Storage;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Grains.Feeds.Yahoo;

/// <summary>The <c>yahoo</c> feed: a periodic importer of Yahoo's 1-minute charts (<c>range=1d&amp;interval=1m</c>)
/// for every symbol of the <see cref="IFeedDemand"/> (<c>Feed:Symbols</c> plus the watched ones). Each closed minute
/// becomes at most four trades (<see cref="Replay.BarToTrades"/>) with ids derived from the minute, published like any
/// feed's: the symbol grains merge them into the stored bars, update quotes and observers, and drop a trade id they
/// have seen. A per-symbol watermark (the latest minute handled, first read from the bar store) keeps a minute from
/// being sent twice at all. Faults of the upstream (errors, timeouts, garbage, unknown symbols) are counted, logged
/// once per streak and retried with a growing back-off; they never end the feed.</summary>
public sealed partial class YahooFeedConnector : IFeedConnector
{
    /// <summary>The <c>Feed:Kind</c> of this connector.</summary>
    public const string KindName = "yahoo";

    private static readonly TimeSpan LogBadMinutesEvery = TimeSpan.FromSeconds(10);

    // How far the clock may move while a timer is armed before it is armed again: a real clock always moves a little.
    private static readonly TimeSpan ArmingSlack = TimeSpan.FromMilliseconds(1);

    private readonly YahooOptions _options;
    private readonly IFeedDemand _demand;
    private readonly IBarStore _store;
    private readonly SymbolDirectory _directory;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly YahooChartClient _client;
    private readonly Uri _url;
    private readonly LogRateLimiter _badMinutesLog;
    private readonly int _configuredSymbols;
    private readonly ConcurrentDictionary<string, YahooSymbolState> _symbols = new(StringComparer.Ordinal); // written by the loop only
    private readonly SemaphoreSlim _publishing = new(1, 1);
    private readonly Lock _lock = new();
    private FeedConnectionState _state = FeedConnectionState.Idle;
    private DateTime? _lastChartAt;
    private int _polledSymbols;
    private string? _lastError;
    private long _polls, _requests, _charts, _failures, _vendorErrors, _badAnswers, _badMinutes, _emptyMinutes, _bars, _trades;

    public YahooFeedConnector(
        IOptions<FeedOptions> feed,
        IOptions<YahooOptions> options,
        IFeedDemand demand,
        IBarStore store,
        SymbolDirectory directory,
        IHttpClientFactory clients,
        TimeProvider clock,
        ILogger<YahooFeedConnector> logger)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _demand = demand;
        _store = store;
        _directory = directory;
        _clock = clock;
        _logger = logger;
        _url = feed.Value.Url ?? YahooOptions.DefaultUrl;
        _client = new YahooChartClient(clients, _url, _options.RequestTimeout, clock);
        _badMinutesLog = new LogRateLimiter(clock, LogBadMinutesEvery);
        var configured = feed.Value.Symbols.Select(s => s.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        _configuredSymbols = configured.Length;
        ProvidedSymbols = [.. configured.Select(s => new SymbolInfo(s, s, $"{s} (Yahoo chart)", "Yahoo", "YAHOO", KindName))];
    }

    public string Kind => KindName;

    public bool IsSimulated => false;

    /// <summary>The configured symbols (<c>Feed:Symbols</c>), so that an index or a pair the US listings do not have
    /// (<c>^GSPC</c>, <c>BTC-USD</c>) is known; a listed symbol keeps its listed entry.</summary>
    public IReadOnlyList<SymbolInfo> ProvidedSymbols { get; }

    /// <summary>The importer's counters.</summary>
    public YahooStatistics Statistics => new(
        Interlocked.Read(ref _polls), Interlocked.Read(ref _requests), Interlocked.Read(ref _charts), Interlocked.Read(ref _failures),
        Interlocked.Read(ref _vendorErrors), Interlocked.Read(ref _badAnswers), Interlocked.Read(ref _badMinutes),
        Interlocked.Read(ref _emptyMinutes), Interlocked.Read(ref _bars), Interlocked.Read(ref _trades));

    public FeedConnectorStatus GetStatus()
    {
        var statistics = Statistics;
        lock (_lock)
        {
            return new FeedConnectorStatus(KindName, _state, _url.AbsoluteUri, statistics.Charts,
                statistics.BadAnswers + statistics.VendorErrors + statistics.BadMinutes, _lastChartAt, _lastError,
                SubscribedSymbols: Volatile.Read(ref _polledSymbols), VendorErrors: statistics.VendorErrors);
        }
    }

    public async Task RunAsync(ITradeSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        SetState(FeedConnectionState.Connecting, null);
        YahooLog.Started(_logger, _url, _options.PollInterval, _configuredSymbols);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken };
        try
        {
            while (true)
            {
                var demand = _demand.Current;
                Volatile.Write(ref _polledSymbols, demand.Symbols.Count);
                var now = _clock.GetUtcNow();
                var dueNow = new List<YahooSymbolState>();
                foreach (var symbol in demand.Symbols)
                {
                    var state = StateOf(symbol);
                    if (state.NextDue <= now)
                    {
                        dueNow.Add(state);
                    }
                }

                if (dueNow.Count > 0)
                {
                    await Parallel.ForEachAsync(dueNow, parallel, (state, token) => new ValueTask(PollGuardedAsync(state, sink, token)));
                }

                var next = DateTimeOffset.MaxValue;
                foreach (var symbol in demand.Symbols)
                {
                    var due = StateOf(symbol).NextDue;
                    next = due < next ? due : next;
                }

                await WaitAsync(next, demand.Version, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            SetState(FeedConnectionState.Idle, null);
        }
    }

    /// <summary>Waits until <paramref name="next"/> or until the demand changes, whichever comes first.</summary>
    private async Task WaitAsync(DateTimeOffset next, long demandVersion, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var timer = ArmTimer(next, waiting.Token);
            if (!timer.IsCompleted)
            {
                await Task.WhenAny(timer, _demand.WaitForChangeAsync(demandVersion, waiting.Token));
            }
        }
        finally
        {
            await waiting.CancelAsync(); // every timer armed for this wait, and the demand's signal
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>A task that completes at <paramref name="next"/> on the clock (never, for <c>MaxValue</c>). A timer
    /// counts from the clock's time when it is armed, not from when its delay was computed: a clock that moves in
    /// between (a step of the system clock; a test's manual clock) would leave it that much late. So the clock is read
    /// again once the timer is armed, and a timer armed again if it moved; the superseded one is cancelled with
    /// <paramref name="cancellationToken"/> when the wait ends.</summary>
    private Task ArmTimer(DateTimeOffset next, CancellationToken cancellationToken)
    {
        if (next == DateTimeOffset.MaxValue)
        {
            return Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        var now = _clock.GetUtcNow();
        while (next > now)
        {
            var timer = Task.Delay(next - now, _clock, cancellationToken);
            var after = _clock.GetUtcNow();
            if (after - now <= ArmingSlack)
            {
                return timer;
            }

            now = after;
        }

        return Task.CompletedTask;
    }

    /// <summary>When <paramref name="symbol"/> is fetched next, once it has been fetched (for tests of the back-off).</summary>
    internal DateTimeOffset? NextPollOf(string symbol) => _symbols.TryGetValue(symbol, out var state) ? state.NextDue : null;

    private YahooSymbolState StateOf(string symbol)
    {
        if (!_symbols.TryGetValue(symbol, out var state))
        {
            state = new YahooSymbolState(symbol, VendorSymbol(symbol));
            _symbols[symbol] = state;
        }

        return state;
    }

    /// <summary>Yahoo writes a US share class with a dash (<c>BRK-B</c>) where the US listings write a dot
    /// (<c>BRK.B</c>); other symbols (<c>^GSPC</c>, <c>EURUSD=X</c>, <c>VOD.L</c>) are Yahoo's own and go as they are.</summary>
    private string VendorSymbol(string symbol) =>
        _directory.TryGet(symbol, out var info) && info.Source is SymbolLists.NasdaqListedSource or SymbolLists.OtherListedSource or SymbolLists.Sp500Source
            ? symbol.Replace('.', '-')
            : symbol;

    private void SetState(FeedConnectionState state, string? error)
    {
        lock (_lock)
        {
            _state = state;
            _lastError = error ?? _lastError;
        }
    }
}
