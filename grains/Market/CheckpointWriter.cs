using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Storage;

namespace OrleansTicks.Grains.Market;

/// <summary>Commits symbol grains' checkpoints (<see cref="SymbolCheckpoint"/>: the delta bars of the trades applied
/// since the previous one, and the ids of every trade applied) into <see cref="IBarStore"/>, many symbols per
/// transaction. A grain hands its checkpoint over and awaits it; whatever other grains hand over while a transaction
/// runs goes into the next one (group commit), so a partition's hundreds of symbols checkpoint in a few transactions
/// rather than hundreds, and a slow disk holds up only the checkpoint turns, never the trades between them. The
/// writer keeps running while the silo stops (deactivating grains checkpoint then) and stops once the host has.</summary>
public sealed partial class CheckpointWriter(IBarStore store, IOptions<MarketOptions> options, MarketMetrics metrics, ILogger<CheckpointWriter> logger)
    : IHostedLifecycleService, IDisposable
{
    private readonly int _batchSize = options.Value.CheckpointBatchSize;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stopping = new();
    private List<Queued> _queue = [];
    private Task _loop = Task.CompletedTask;
    private Task? _finalWrite;
    private bool _closed;

    /// <summary>Commits <paramref name="checkpoint"/> with those of other symbols. Completes when it has committed;
    /// faults with <see cref="CheckpointConflictException"/> (naming only this symbol) when another writer committed
    /// the symbol since, or with the store's exception when the transaction failed — then nothing of it was written,
    /// unless the failure hid a commit (a connection lost during COMMIT): the caller retries with the same expected
    /// revision, which then conflicts, so it learns the state moved either way. Not cancellable on purpose: the store
    /// reads <see cref="SymbolCheckpoint.TradeIds"/> when the transaction starts, so the caller must not touch them
    /// before this completes.</summary>
    public Task CommitAsync(SymbolCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var queued = new Queued(checkpoint);
        lock (_gate)
        {
            if (_closed)
            {
                // Nothing would ever commit it: fail now rather than leave the grain waiting.
                return Task.FromException(new ObjectDisposedException(nameof(CheckpointWriter), "The checkpoint writer has stopped with its host; nothing more can be committed."));
            }

            _queue.Add(queued);
        }

        _wake.Release();
        return queued.Done.Task;
    }

    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Keeps committing while the silo stops: deactivating grains checkpoint now.
    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    async Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken)
    {
        // A host may be stopped twice (WebApplicationFactory stops it, and so does the app's own Run when it sees the
        // stop): the first stop commits all, and the second waits for it, since whoever stopped second disposes the
        // services next, the bar store included, which must not happen under the final commits.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _finalWrite, done.Task, null) is { } first)
        {
            await first.ConfigureAwait(false);
            return;
        }

        try
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
            lock (_gate)
            {
                _closed = true;
            }

            await CommitQueuedAsync().ConfigureAwait(false);
        }
        finally
        {
            done.TrySetResult();
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await CommitQueuedAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Commits everything queued, <see cref="MarketOptions.CheckpointBatchSize"/> symbols per transaction.</summary>
    private async Task CommitQueuedAsync()
    {
        List<Queued> queued;
        lock (_gate)
        {
            if (_queue.Count == 0)
            {
                return;
            }

            queued = _queue;
            _queue = [];
        }

        while (queued.Count > 0)
        {
            var (chunk, rest) = NextChunk(queued);
            await CommitChunkAsync(chunk).ConfigureAwait(false);
            queued = rest;
        }
    }

    /// <summary>Up to a batch of checkpoints, one per symbol (a symbol given twice in one transaction is refused by
    /// the store; a second one, which only a new activation of the symbol queuing before the old one's completed
    /// could cause, waits for the next transaction), and the rest.</summary>
    private (List<Queued> Chunk, List<Queued> Later) NextChunk(List<Queued> queued)
    {
        var chunk = new List<Queued>(Math.Min(queued.Count, _batchSize));
        var rest = new List<Queued>();
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in queued)
        {
            if (chunk.Count < _batchSize && symbols.Add(item.Checkpoint.Symbol))
            {
                chunk.Add(item);
            }
            else
            {
                rest.Add(item);
            }
        }

        return (chunk, rest);
    }

    private async Task CommitChunkAsync(List<Queued> chunk)
    {
        while (chunk.Count > 0)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await store.CommitCheckpointsAsync([.. chunk.Select(static q => q.Checkpoint)], CancellationToken.None).ConfigureAwait(false);
                metrics.OnBarsWritten(chunk.Sum(static q => q.Checkpoint.Deltas.Count), Stopwatch.GetElapsedTime(started));
                chunk.ForEach(static q => q.Done.TrySetResult());
                return;
            }
            catch (CheckpointConflictException conflict) when (conflict.Conflicts.Count > 0)
            {
                // Nothing was written: the losers learn it, and the others go again in a transaction of their own.
                var lost = conflict.Conflicts.ToDictionary(static c => c.Symbol, StringComparer.Ordinal);
                foreach (var item in chunk.Where(q => lost.ContainsKey(q.Checkpoint.Symbol)))
                {
                    item.Done.TrySetException(new CheckpointConflictException([lost[item.Checkpoint.Symbol]]));
                }

                chunk = [.. chunk.Where(q => !lost.ContainsKey(q.Checkpoint.Symbol))];
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogCommitFailed(exception, chunk.Count);
                chunk.ForEach(q => q.Done.TrySetException(exception));
                return;
            }
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _wake.Dispose();
    }

    private sealed class Queued(SymbolCheckpoint checkpoint)
    {
        public SymbolCheckpoint Checkpoint { get; } = checkpoint;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Committing the checkpoints of {Count} symbols failed; each symbol keeps its deltas and tries again at its next checkpoint")]
    private partial void LogCommitFailed(Exception exception, int count);
}
