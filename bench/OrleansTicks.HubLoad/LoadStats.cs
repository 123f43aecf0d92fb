using System.Diagnostics;

namespace OrleansTicks.HubLoad;

/// <summary>
/// Counts what the connections receive and keeps quote latencies in a histogram of 10 µs steps up to 10 s (one
/// overflow bucket), as the Node client does: percentiles without keeping samples. Handlers run on many threads at
/// once, so every counter is updated with <see cref="Interlocked"/>; contention is low because messages spread over
/// 1,000 connections.
/// </summary>
public sealed class LoadStats(double slowMs)
{
    private const double StepMs = 0.01;
    private const int Buckets = 1_000_000;
    private const int SlowKept = 40;

    private readonly int[] _histogram = new int[Buckets + 1];
    private readonly List<SlowQuote> _slow = [];
    private readonly List<string> _errors = [];
    private long _quotes;
    private long _bars;
    private long _measured;
    private long _maxTicks;
    private int _opened;
    private int _failed;
    private int _rejected;
    private volatile bool _measuring;

    /// <summary>Quotes received since the start, measured or not.</summary>
    public long Quotes => Interlocked.Read(ref _quotes);

    /// <summary>Bar messages received since the start.</summary>
    public long Bars => Interlocked.Read(ref _bars);

    public void OnQuote(QuoteTime quote, DateTimeOffset received)
    {
        Interlocked.Increment(ref _quotes);
        if (!_measuring)
        {
            return;
        }

        var delay = received - quote.Time;
        var ms = Math.Max(0, delay.TotalMilliseconds);
        Interlocked.Increment(ref _histogram[(int)Math.Min(Buckets, ms / StepMs)]);
        Interlocked.Increment(ref _measured);
        var ticks = Math.Max(0, delay.Ticks);
        for (var max = Volatile.Read(ref _maxTicks); ticks > max; max = Volatile.Read(ref _maxTicks))
        {
            if (Interlocked.CompareExchange(ref _maxTicks, ticks, max) == max)
            {
                break;
            }
        }

        // When and where the slowest quotes were: one symbol alone, or every symbol at once, tells a stall apart.
        if (ms >= slowMs)
        {
            lock (_slow)
            {
                if (_slow.Count < SlowKept)
                {
                    _slow.Add(new SlowQuote(quote.Symbol, received.UtcDateTime.ToString("O"), Math.Round(ms, 1)));
                }
            }
        }
    }

    public void OnBar() => Interlocked.Increment(ref _bars);

    public void Opened(int rejected)
    {
        Interlocked.Increment(ref _opened);
        Interlocked.Add(ref _rejected, rejected);
    }

    public void Failed(string error)
    {
        Interlocked.Increment(ref _failed);
        lock (_errors)
        {
            if (_errors.Count < 3)
            {
                _errors.Add(error);
            }
        }
    }

    public Window StartWindow()
    {
        var window = new Window(Stopwatch.GetTimestamp(), Interlocked.Read(ref _quotes), Interlocked.Read(ref _bars), ClientCpu.Used());
        _measuring = true;
        return window;
    }

    public LoadResult EndWindow(Window start)
    {
        _measuring = false;
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp).TotalSeconds;
        var cpu = (ClientCpu.Used() - start.Cpu).TotalSeconds;
        var quotes = Interlocked.Read(ref _quotes) - start.Quotes;
        var bars = Interlocked.Read(ref _bars) - start.Bars;
        var measured = Interlocked.Read(ref _measured);
        // Handlers that passed the measuring check may still be adding: copy the lists under their locks.
        string[] errors;
        lock (_errors)
        {
            errors = [.. _errors];
        }

        SlowQuote[] slow;
        lock (_slow)
        {
            slow = [.. _slow.OrderBy(s => s.ReceivedAt, StringComparer.Ordinal)];
        }

        return new LoadResult(
            _opened, _failed, _rejected, errors, Math.Round(seconds, 1),
            (long)Math.Round((quotes + bars) / seconds), (long)Math.Round(quotes / seconds), (long)Math.Round(bars / seconds),
            measured == 0 ? null : new LatencySummary(
                Percentile(measured, 0.5), Percentile(measured, 0.9), Percentile(measured, 0.99),
                Math.Round(TimeSpan.FromTicks(Interlocked.Read(ref _maxTicks)).TotalMilliseconds, 2), measured),
            new ClientCpuSummary(Math.Round(cpu / seconds, 2), quotes + bars == 0 ? null : Math.Round(cpu * 1e6 / (quotes + bars), 1)),
            slow.Length == 0 ? null : slow);
    }

    // The upper edge of the bucket the p-th sample falls in, in milliseconds (what the Node client reports).
    private double Percentile(long total, double p)
    {
        var target = (long)Math.Ceiling(total * p);
        long seen = 0;
        for (var i = 0; i < _histogram.Length; i++)
        {
            seen += _histogram[i];
            if (seen >= target)
            {
                return Math.Round((i + 1) * StepMs, 2);
            }
        }

        return double.PositiveInfinity;
    }

    public readonly record struct Window(long Timestamp, long Quotes, long Bars, TimeSpan Cpu);
}

public sealed record SlowQuote(string Symbol, string ReceivedAt, double Ms);

public sealed record LatencySummary(double P50, double P90, double P99, double Max, long Samples);

/// <summary>The client's own CPU over the measured seconds: cores used, and microseconds per message received.</summary>
public sealed record ClientCpuSummary(double Cores, double? MicrosecondsPerMessage);

/// <summary>The JSON line the harness prints; the same fields as the Node client's, plus <c>clientCpu</c>.</summary>
public sealed record LoadResult(
    int ConnectionsOpened, int ConnectionsFailed, int SymbolsRejected, IReadOnlyList<string> Errors, double Seconds,
    long MessagesPerSecond, long QuotesPerSecond, long BarsPerSecond, LatencySummary? LatencyMs,
    ClientCpuSummary ClientCpu, IReadOnlyList<SlowQuote>? SlowQuotes);
