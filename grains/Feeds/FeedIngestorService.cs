using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Grains.Feeds;

/// <summary>Runs the connector <c>Feed:Kind</c> names into the <see cref="TradeIngestor"/>, after making the symbols
/// it provides known. Registered after the silo, so it stops first: the silo then drains the streams and
/// deactivates the grains with every published trade applied. A connector that throws ends the feed, is logged and
/// shows as faulted in the status; the silo keeps running.</summary>
public sealed partial class FeedIngestorService(
    IServiceProvider services,
    IOptions<FeedOptions> options,
    TradeIngestor ingestor,
    SymbolDirectory symbols,
    TimeProvider clock,
    IMeterFactory meterFactory,
    FeedIngestorHost host,
    ILogger<FeedIngestorService> logger) : BackgroundService
{
    private IFeedConnector? _connector;
    private readonly Lock _rateGate = new();
    private (long Timestamp, long Published) _previousSample;
    private double _tradesPerSecond;
    private string? _fault;
    private int _running;

    /// <summary>The feed's instruments, created with the service so that they exist before any exporter starts.</summary>
    public FeedMetrics Metrics { get; } = new(meterFactory, ingestor);

    /// <summary>The running connector; null with <c>Feed:Kind=none</c>.</summary>
    public IFeedConnector? Connector => _connector;

    /// <summary>The counters and the connector's state.</summary>
    public IngestorStatus GetStatus()
    {
        var feed = _connector?.GetStatus();
        if (feed is not null && _fault is not null)
        {
            feed = feed with { State = FeedConnectionState.Faulted, LastError = _fault };
        }

        return new IngestorStatus(feed, ingestor.Published, SampleRate(), ingestor.Rejected, ingestor.LastTradeAt);
    }

    /// <summary>When the feed started (UTC): bars before it are history, bars after it the feed's own.</summary>
    public DateTime StartedAt { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Options were validated before hosted services start, so the kind is a registered one.
        var kind = services.GetRequiredService<FeedKinds>().Find(options.Value.Kind);
        _connector = kind is null or FeedOptions.NoFeed ? null : services.GetRequiredService<IFeedConnector>();
        Metrics.Connector = _connector;
        StartedAt = clock.GetUtcNow().UtcDateTime;

        // Before any trade flows: the ingestor checks every symbol against the directory.
        foreach (var symbol in _connector?.ProvidedSymbols ?? [])
        {
            symbols.Register(symbol);
        }

        _previousSample = (clock.GetTimestamp(), 0);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Whether this process runs the connector now (in a cluster: whether it is the elected ingestor).</summary>
    public bool IsRunningFeed => Volatile.Read(ref _running) != 0;

    /// <summary>Where this process's feed runs.</summary>
    public FeedIngestorPlacement Placement => host.Placement;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        host.Placement == FeedIngestorPlacement.Local ? RunFeedAsync(stoppingToken) : Task.CompletedTask;

    /// <summary>Runs the connector into the ingestor until <paramref name="stoppingToken"/> is cancelled or the feed
    /// ends; never throws (a failure is logged and shown in the status). In one process the service runs it itself;
    /// in a cluster the feed's leader election runs it while this silo leads.</summary>
    public async Task RunFeedAsync(CancellationToken stoppingToken)
    {
        if (_connector is null)
        {
            LogNoFeed();
            return;
        }

        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException($"Feed '{_connector.Kind}' is already running in this process.");
        }

        _fault = null;
        LogFeedStarting(_connector.Kind);
        try
        {
            await _connector.RunAsync(ingestor, stoppingToken).ConfigureAwait(false);
            LogFeedEnded(_connector.Kind);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, or (in a cluster) leadership lost.
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _fault = exception.Message;
            LogFeedFailed(exception, _connector.Kind);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    // A rate over the time since the previous status read (at least a second), so it needs no timer of its own.
    private double SampleRate()
    {
        lock (_rateGate)
        {
            var now = clock.GetTimestamp();
            var published = ingestor.Published;
            var elapsed = clock.GetElapsedTime(_previousSample.Timestamp, now);
            if (elapsed >= TimeSpan.FromSeconds(1))
            {
                _tradesPerSecond = (published - _previousSample.Published) / elapsed.TotalSeconds;
                _previousSample = (now, published);
            }

            return _tradesPerSecond;
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Feed '{Kind}' starting")]
    private partial void LogFeedStarting(string kind);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Feed '{Kind}' ended")]
    private partial void LogFeedEnded(string kind);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Error, Message = "Feed '{Kind}' failed and stopped; the silo keeps running without it")]
    private partial void LogFeedFailed(Exception exception, string kind);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Information, Message = "No feed runs (Feed:Kind=none)")]
    private partial void LogNoFeed();
}
