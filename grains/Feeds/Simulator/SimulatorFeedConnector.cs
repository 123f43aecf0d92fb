using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Feeds.Pacing;

namespace OrleansTicks.Grains.Feeds.Simulator;

/// <summary>The <c>simulator</c> feed: mock trades of the S&amp;P 500 from a <see cref="TradeGenerator"/>, paced per
/// batch by the injected clock. Deterministic: the same seed (and start second, which sets the trade id base) gives
/// the same trades.</summary>
public sealed class SimulatorFeedConnector : IFeedConnector
{
    /// <summary>The <c>Feed:Kind</c> of this connector.</summary>
    public const string KindName = "simulator";

    /// <summary>Trade ids of a run start at (Unix second of the start) × this + 1, so that a restarted simulator
    /// continues above the ids a symbol grain has already seen (dedupe is by id) while ids stay exact in JavaScript
    /// (under 2^53) for centuries.</summary>
    public const long TradeIdsPerStartSecond = 1_000_000;

    /// <summary>When production lags its schedule by more than this (the sink is slower than the pace), the schedule
    /// restarts from now instead of bursting to catch up.</summary>
    public static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(1);

    private readonly SimulatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly TimeProvider _pacing; // the waits between batches: precise timers on the system clock
    private readonly ILogger _logger;
    private readonly IReadOnlyList<UniverseSymbol> _universe;
    private long _tradesProduced;
    private long _lastBatchTicks;
    private int _state = (int)FeedConnectionState.Idle;

    public SimulatorFeedConnector(IOptions<SimulatorOptions> options, TimeProvider timeProvider, ILogger<SimulatorFeedConnector> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _timeProvider = timeProvider;
        _pacing = HighResolutionTimeProvider.For(timeProvider);
        _logger = logger;
        _universe = Sp500Universe.Select(_options.Symbols, _options.SymbolCount);
        var provided = new SymbolInfo[_universe.Count];
        for (var i = 0; i < provided.Length; i++)
        {
            var s = _universe[i];
            provided[i] = new SymbolInfo(s.Symbol, s.Symbol, s.Security, "Common Stock", "SIMULATOR", KindName);
        }

        ProvidedSymbols = provided;
    }

    public string Kind => KindName;

    public bool IsSimulated => true;

    /// <summary>The simulated constituents, so that the directory knows every symbol the feed trades.</summary>
    public IReadOnlyList<SymbolInfo> ProvidedSymbols { get; }

    public async Task RunAsync(ITradeSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var options = _options;
        var start = _timeProvider.GetUtcNow();
        var paced = options.TradesPerSecond > 0;
        var modelRate = paced ? options.TradesPerSecond : SimulatorOptions.UnpacedModelTradesPerSecond;
        var names = new string[_universe.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = _universe[i].Symbol;
        }

        var generator = new TradeGenerator(unchecked((ulong)options.Seed), names, modelRate, start.ToUnixTimeSeconds() * TradeIdsPerStartSecond);
        var buffer = new Trade[options.BatchSize];
        var anchor = _timeProvider.GetTimestamp(); // monotonic, as the precise timers: a stepped wall clock moves no batch
        var tradesAtAnchor = 0L;
        Volatile.Write(ref _state, (int)FeedConnectionState.Connected);
        SimulatorLog.Started(_logger, options.Seed, names.Length, options.TradesPerSecond, options.BatchSize);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (paced)
                {
                    // Batch j is due when its first trade is, on the schedule since the anchor: the pace is kept per
                    // batch, and a late wake-up is made up by the next batches being due at once.
                    var due = TimeSpan.FromTicks(generator.VirtualOffsetTicks(generator.TradesGenerated - tradesAtAnchor));
                    var elapsed = _timeProvider.GetElapsedTime(anchor);
                    if (due > elapsed)
                    {
                        await Task.Delay(due - elapsed, _pacing, cancellationToken);
                    }
                    else if (elapsed - due > MaxLag)
                    {
                        SimulatorLog.FellBehind(_logger, elapsed - due, options.TradesPerSecond);
                        anchor = _timeProvider.GetTimestamp();
                        tradesAtAnchor = generator.TradesGenerated;
                    }
                }

                var stamp = _timeProvider.GetUtcNow().UtcDateTime;
                if (options.VirtualTime)
                {
                    generator.FillVirtual(buffer, start.UtcDateTime);
                }
                else
                {
                    generator.Fill(buffer, stamp);
                }

                await sink.PublishAsync(buffer, cancellationToken);
                Volatile.Write(ref _tradesProduced, generator.TradesGenerated);
                Volatile.Write(ref _lastBatchTicks, stamp.Ticks);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal end of an endless feed.
        }
        finally
        {
            Volatile.Write(ref _state, (int)FeedConnectionState.Idle);
            SimulatorLog.Stopped(_logger, generator.TradesGenerated);
        }
    }

    public FeedConnectorStatus GetStatus()
    {
        var lastTicks = Volatile.Read(ref _lastBatchTicks);
        return new FeedConnectorStatus(
            KindName,
            (FeedConnectionState)Volatile.Read(ref _state),
            $"seed {_options.Seed}, {_universe.Count} symbols, {(_options.TradesPerSecond == 0 ? "unpaced" : $"{_options.TradesPerSecond} trades/s")}",
            Volatile.Read(ref _tradesProduced),
            0,
            lastTicks == 0 ? null : new DateTime(lastTicks, DateTimeKind.Utc),
            null);
    }
}
