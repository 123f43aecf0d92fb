using System.Diagnostics.Metrics;

namespace OrleansTicks.Grains.Market;

/// <summary>The market domain's instruments (meter <c>OrleansTicks.Market</c>), plus running totals the status
/// endpoint and benchmarks read without a metrics listener. Symbol grains add per batch, not per trade.</summary>
public sealed class MarketMetrics : IDisposable
{
    /// <summary>The meter's name, for exporters.</summary>
    public const string MeterName = "OrleansTicks.Market";

    private readonly Meter _meter;
    private readonly Counter<long> _tradesApplied;
    private readonly Counter<long> _tradesDuplicate;
    private readonly Counter<long> _tradesLate;
    private readonly Counter<long> _barsClosed;
    private readonly Counter<long> _barsRevised;
    private readonly Counter<long> _barsWritten;
    private readonly Histogram<double> _barWriteDuration;
    private long _tradesAppliedTotal;
    private long _tradesDuplicateTotal;
    private long _barsWrittenTotal;

    public MarketMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _tradesApplied = _meter.CreateCounter<long>("orleansticks.trades.applied", "{trade}", "Trades applied to symbol grains.");
        _tradesDuplicate = _meter.CreateCounter<long>("orleansticks.trades.duplicate", "{trade}", "Trades dropped because their id was seen before.");
        _tradesLate = _meter.CreateCounter<long>("orleansticks.trades.late", "{trade}", "Trades applied to a minute that had already closed.");
        _barsClosed = _meter.CreateCounter<long>("orleansticks.bars.closed", "{bar}", "1-minute bars closed.");
        _barsRevised = _meter.CreateCounter<long>("orleansticks.bars.revised", "{bar}", "Closed bars changed by late trades.");
        _barsWritten = _meter.CreateCounter<long>("orleansticks.bars.written", "{bar}", "Bar rows merged into storage.");
        _barWriteDuration = _meter.CreateHistogram<double>("orleansticks.storage.bar_write.duration", "s", "Time to merge one batch of bars into storage.");
    }

    /// <summary>Trades applied since start.</summary>
    public long TradesApplied => Volatile.Read(ref _tradesAppliedTotal);

    /// <summary>Duplicate trades dropped since start.</summary>
    public long TradesDuplicate => Volatile.Read(ref _tradesDuplicateTotal);

    /// <summary>Bar rows written since start.</summary>
    public long BarsWritten => Volatile.Read(ref _barsWrittenTotal);

    internal void OnBatchApplied(int applied, int duplicates, int late)
    {
        if (applied > 0)
        {
            _tradesApplied.Add(applied);
            Interlocked.Add(ref _tradesAppliedTotal, applied);
        }

        if (duplicates > 0)
        {
            _tradesDuplicate.Add(duplicates);
            Interlocked.Add(ref _tradesDuplicateTotal, duplicates);
        }

        if (late > 0)
        {
            _tradesLate.Add(late);
        }
    }

    internal void OnBarClosed() => _barsClosed.Add(1);

    internal void OnBarRevised() => _barsRevised.Add(1);

    internal void OnBarsWritten(int count, TimeSpan duration)
    {
        _barsWritten.Add(count);
        Interlocked.Add(ref _barsWrittenTotal, count);
        _barWriteDuration.Record(duration.TotalSeconds);
    }

    public void Dispose() => _meter.Dispose();
}
