using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Storage;

namespace OrleansTicks.Grains.Market;

/// <summary>Collects the bars symbol grains hand over — closed bars, and delta bars of late trades — and merges them
/// into <see cref="IBarStore"/> in batches, off the grains' turns: a slow disk or a long regeneration holding the
/// database never stalls ingestion. Deltas of one (symbol, minute) merge while they wait (the bar merge is exact and
/// order-free), so a failed write is simply retried with whatever came in meanwhile: nothing is lost or counted
/// twice. The last batch is written when the host has stopped, after the silo has deactivated its grains.</summary>
public sealed partial class BarWriteBehind(
    IBarStore store, IOptions<MarketOptions> options, MarketMetrics metrics, TimeProvider clock, ILogger<BarWriteBehind> logger)
    : IHostedLifecycleService, IDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly MarketOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(long Version, TaskCompletionSource Done)> _waiters = [];
    private Dictionary<(string Symbol, long Minute), Bar> _pending = [];
    private long _version;
    private Task? _finalWrite;
    private long _writtenVersion;
    private Task _loop = Task.CompletedTask;

    /// <summary>Bars waiting to be written.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Hands over a bar (a closed bar, or the delta of late trades) of <paramref name="symbol"/> to be merged
    /// into storage. Thread-safe; never blocks on storage.</summary>
    public void Enqueue(string symbol, in Bar bar)
    {
        bool full;
        lock (_gate)
        {
            var key = (symbol, bar.Start.Ticks);
            _pending[key] = _pending.TryGetValue(key, out var waiting) ? Bar.Merge(waiting, bar, bar.Start) : bar;
            _version++;
            full = _pending.Count >= _options.BarFlushBatchSize;
        }

        if (full)
        {
            _wake.Release();
        }
    }

    /// <summary>Completes when every bar handed over before the call has been written.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (_writtenVersion >= _version)
            {
                return Task.CompletedTask;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_version, done));
        }

        _wake.Release();
        return done.Task.WaitAsync(cancellationToken);
    }

    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Keeps writing while the silo stops: deactivating grains hand over their partial bars now.
    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    async Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken)
    {
        // A host may be stopped twice (WebApplicationFactory stops it, and so does the app's own Run when it sees the
        // stop): the first stop writes all, and the second waits for it, since whoever stopped second disposes the
        // services next, the bar store included, which must not happen under the final writes.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _finalWrite, done.Task, null) is { } first)
        {
            await first.ConfigureAwait(false);
            return;
        }

        try
        {
            await WriteFinalBatchesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            done.TrySetResult();
        }
    }

    private async Task WriteFinalBatchesAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        // The final batches: retried until written or the host gives up on us.
        var delay = TimeSpan.FromMilliseconds(100);
        while (!await WriteBatchAsync(cancellationToken).ConfigureAwait(false) && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
        }

        var lost = PendingCount;
        if (lost > 0)
        {
            LogBarsNotWritten(lost);
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var retryDelay = TimeSpan.Zero;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var wait = retryDelay > TimeSpan.Zero ? retryDelay : _options.BarFlushInterval;
                using var timeout = new CancellationTokenSource(wait, clock);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
                await _wake.WaitAsync(either.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The interval has passed, or the host is stopping: write what is there.
            }

            var written = await WriteBatchAsync(CancellationToken.None).ConfigureAwait(false);
            retryDelay = written ? TimeSpan.Zero : NextRetryDelay(retryDelay);
        }
    }

    /// <summary>Writes everything pending, in batches; false (with the unwritten bars put back) on a failure.</summary>
    private async Task<bool> WriteBatchAsync(CancellationToken cancellationToken)
    {
        Dictionary<(string Symbol, long Minute), Bar> batch;
        long version;
        lock (_gate)
        {
            version = _version;
            if (_pending.Count == 0)
            {
                CompleteWaiters(version);
                return true;
            }

            batch = _pending;
            _pending = [];
        }

        var bars = new List<SymbolBar>(batch.Count);
        foreach (var ((symbol, _), bar) in batch)
        {
            bars.Add(new SymbolBar(symbol, bar));
        }

        var written = 0;
        try
        {
            for (; written < bars.Count; written += _options.BarFlushBatchSize)
            {
                var chunk = bars.GetRange(written, Math.Min(_options.BarFlushBatchSize, bars.Count - written));
                var started = Stopwatch.GetTimestamp();
                await store.MergeAsync(chunk, cancellationToken).ConfigureAwait(false);
                metrics.OnBarsWritten(chunk.Count, Stopwatch.GetElapsedTime(started));
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Each chunk commits alone: put back only what did not commit; deltas that came in meanwhile merge with it.
            lock (_gate)
            {
                for (var i = written; i < bars.Count; i++)
                {
                    var (symbol, bar) = bars[i];
                    var key = (symbol, bar.Start.Ticks);
                    _pending[key] = _pending.TryGetValue(key, out var newer) ? Bar.Merge(bar, newer, bar.Start) : bar;
                }
            }

            LogWriteFailed(exception, bars.Count - written);
            return false;
        }

        lock (_gate)
        {
            _writtenVersion = Math.Max(_writtenVersion, version);
            CompleteWaiters(_writtenVersion);
        }

        return true;
    }

    private void CompleteWaiters(long writtenVersion)
    {
        _writtenVersion = Math.Max(_writtenVersion, writtenVersion);
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Version <= _writtenVersion)
            {
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    private static TimeSpan NextRetryDelay(TimeSpan previous)
    {
        var next = previous == TimeSpan.Zero ? TimeSpan.FromMilliseconds(200) : previous * 2;
        return next < MaxRetryDelay ? next : MaxRetryDelay;
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _wake.Dispose();
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Writing {Count} bars to storage failed; they stay queued and are retried")]
    private partial void LogWriteFailed(Exception exception, int count);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "{Count} bars could not be written before the host stopped")]
    private partial void LogBarsNotWritten(int count);
}
