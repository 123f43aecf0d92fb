using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Feeds.Pacing;

namespace OrleansTicks.Grains.Feeds.Replay;

/// <summary>The <c>replay</c> feed: the bars of a CSV file replayed as trades (<see cref="BarToTrades"/>), paced by
/// the bars' own spacing divided by <see cref="ReplayOptions.Speed"/> on the injected clock. Bad rows are logged,
/// kept in <see cref="BadRows"/>, counted and skipped. The feed completes at the end of the file.</summary>
public sealed class ReplayFeedConnector : IFeedConnector
{
    /// <summary>The <c>Feed:Kind</c> of this connector.</summary>
    public const string KindName = "replay";

    /// <summary>The most bad rows kept for the status; more are still counted and logged.</summary>
    public const int MaxBadRowsKept = 1_000;

    /// <summary>Trades per batch when unpaced (a paced replay publishes each bar when it is due).</summary>
    internal const int UnpacedBatchSize = 1_024;

    private readonly ReplayOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly TimeProvider _pacing; // the waits between bars: precise timers on the system clock
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<CsvBarRow> _badRows = [];
    private FeedConnectionState _state = FeedConnectionState.Idle;
    private long _rows;
    private long _badRowCount;
    private DateTime? _lastRowAt;
    private string? _lastError;

    public ReplayFeedConnector(IOptions<ReplayOptions> options, TimeProvider timeProvider, ILogger<ReplayFeedConnector> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _timeProvider = timeProvider;
        _pacing = HighResolutionTimeProvider.For(timeProvider);
        _logger = logger;
        ProvidedSymbols = [new SymbolInfo(_options.Symbol, _options.Symbol, $"Replay of {Path.GetFileName(_options.Path)}", "Replay", "REPLAY", KindName)];
    }

    public string Kind => KindName;

    public bool IsSimulated => false;

    /// <summary>The replayed symbol.</summary>
    public IReadOnlyList<SymbolInfo> ProvidedSymbols { get; }

    /// <summary>The bad rows met so far (the first <see cref="MaxBadRowsKept"/>), each with its line and problem.</summary>
    public IReadOnlyList<CsvBarRow> BadRows
    {
        get
        {
            lock (_lock)
            {
                return [.. _badRows];
            }
        }
    }

    public async Task RunAsync(ITradeSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var path = _options.Path;
        var symbol = _options.Symbol;
        SetState(FeedConnectionState.Connecting, null);
        try
        {
            var shift = _options.KeepTimestamps ? TimeSpan.Zero : ShiftToEndAt(path, _timeProvider.GetUtcNow().UtcDateTime);
            ReplayLog.Started(_logger, path, symbol, _options.Speed, shift);
            SetState(FeedConnectionState.Connected, null);
            var trades = await ReplayAsync(sink, path, symbol, shift, cancellationToken);
            SetState(FeedConnectionState.Completed, null);
            ReplayLog.Completed(_logger, path, Interlocked.Read(ref _rows), trades, Interlocked.Read(ref _badRowCount));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            SetState(FeedConnectionState.Idle, null);
        }
        catch (Exception exception)
        {
            SetState(FeedConnectionState.Faulted, exception.Message);
            ReplayLog.Faulted(_logger, exception, path);
            throw;
        }
    }

    public FeedConnectorStatus GetStatus()
    {
        lock (_lock)
        {
            return new FeedConnectorStatus(KindName, _state, _options.Path, _rows, _badRowCount, _lastRowAt, _lastError);
        }
    }

    /// <summary>The shift that makes the file's last good bar end at <paramref name="now"/>, rounded down to whole
    /// days when the file has a daily row (whole minutes otherwise) so that every bar stays on a bar boundary.</summary>
    internal static TimeSpan ShiftToEndAt(string path, DateTime now)
    {
        DateTime? lastEnd = null;
        var hasDaily = false;
        using (var reader = new StreamReader(path))
        {
            foreach (var row in CsvBarReader.Read(reader, path))
            {
                if (row.Bar is { } bar)
                {
                    lastEnd = bar.End;
                    hasDaily |= bar.IsDaily;
                }
            }
        }

        if (lastEnd is not { } end)
        {
            return TimeSpan.Zero;
        }

        var unit = hasDaily ? TimeSpan.TicksPerDay : TimeSpan.TicksPerMinute;
        var ticks = (now - end).Ticks;
        var whole = ticks >= 0 ? ticks / unit : -((-ticks + unit - 1) / unit);
        return TimeSpan.FromTicks(whole * unit);
    }

    private async Task<long> ReplayAsync(ITradeSink sink, string path, string symbol, TimeSpan shift, CancellationToken cancellationToken)
    {
        var speed = _options.Speed;
        var buffer = new Trade[speed > 0 ? BarToTrades.MaxTradesPerBar : UnpacedBatchSize];
        var pending = 0;
        var published = 0L;
        // The schedule runs on the monotonic clock (as the precise timers do): a wall clock stepped by NTP or the
        // hypervisor mid-replay must not move bars earlier or later.
        var replayStart = _timeProvider.GetTimestamp();
        DateTime? firstBarStart = null;
        using var reader = new StreamReader(path);
        foreach (var row in CsvBarReader.Read(reader, path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            OnRow(row, path);
            if (row.Bar is not { } bar)
            {
                continue;
            }

            if (speed > 0)
            {
                // Due at the bar's offset from the first bar, divided by the speed, after the start.
                firstBarStart ??= bar.Start;
                var due = (bar.Start - firstBarStart.Value) / speed;
                var elapsed = _timeProvider.GetElapsedTime(replayStart);
                if (due > elapsed)
                {
                    await Task.Delay(due - elapsed, _pacing, cancellationToken);
                }
            }

            pending += BarToTrades.Convert(bar, symbol, shift, buffer.AsSpan(pending));
            if (speed > 0 || pending > buffer.Length - BarToTrades.MaxTradesPerBar)
            {
                await sink.PublishAsync(buffer.AsMemory(0, pending), cancellationToken);
                published += pending;
                pending = 0;
            }
        }

        if (pending > 0)
        {
            await sink.PublishAsync(buffer.AsMemory(0, pending), cancellationToken);
            published += pending;
        }

        return published;
    }

    private void OnRow(in CsvBarRow row, string path)
    {
        lock (_lock)
        {
            _rows++;
            _lastRowAt = _timeProvider.GetUtcNow().UtcDateTime;
            if (row.IsGood)
            {
                return;
            }

            _badRowCount++;
            if (_badRows.Count < MaxBadRowsKept)
            {
                _badRows.Add(row);
            }
        }

        ReplayLog.BadRow(_logger, path, row.Line, row.Problem!);
    }

    private void SetState(FeedConnectionState state, string? error)
    {
        lock (_lock)
        {
            _state = state;
            _lastError = error ?? _lastError;
        }
    }
}
