using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Storage;
using OrleansTicks.Runtime.Streams;

namespace OrleansTicks.Grains.Market;

// Checkpoints: the grain's bars reach storage only here, as the delta bars of the trades applied since the previous
// checkpoint, committed in one transaction with the ids of every trade applied (IBarStore.CommitCheckpointsAsync).
// So the stored bars hold exactly the trades the stored ids name, and a trade delivered again after a crash is
// skipped if and only if its bar is stored: nothing lost, nothing counted twice.
//
// Checkpoints do not wait in the grain's turn: the grain hands over a copy of the ids and the deltas, goes on applying
// trades, and settles the outcome at a later turn (one commit in flight at a time). A busy store — SQLite holding its
// bar file for a regeneration's multi-second transaction, a PostgreSQL round trip per checkpoint interval — then delays
// the commits, not the trades. Both the grain's own periodic checkpoint and the cluster's (IDetachedCheckpointParticipant:
// the silo acknowledges once the commit completes) work so; only the last one, on deactivation, waits.
public sealed partial class SymbolGrain
{
    private static readonly TimeSpan MaxCheckpointRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Trade ids applied (those committed, and those since): the duplicate check.</summary>
    private TradeIdSet _tradeIds = new();

    /// <summary>The revision of the stored id record this activation read or last committed.</summary>
    private long _checkpointRevision;

    /// <summary>Trades of the partial bar's minute applied since the last checkpoint (a part of the partial bar).</summary>
    private MinuteAccumulator _uncommittedPartial;

    /// <summary>Delta bars of other minutes (closed minutes, late trades) applied since the last checkpoint.</summary>
    private readonly Dictionary<DateTime, Bar> _uncommitted = [];

    /// <summary>Trades applied since the last checkpoint was handed over.</summary>
    private long _uncommittedTrades;

    /// <summary>The commit under way (handed over, not yet settled), its deltas and its trade count.</summary>
    private Task? _inflight;
    private List<Bar> _inflightDeltas = [];
    private long _inflightTrades;

    private long _lastCheckpoint;
    private bool _checkpointFailing;

    /// <summary>Set when storage shows another activation of this symbol wrote since this one read (cluster mode: a
    /// silo cut off from the others): this activation's state is stale, so it writes nothing more and deactivates;
    /// the next one reads what the other wrote, and the deliveries this one did not commit come again.</summary>
    private bool _superseded;

    /// <summary>The cluster's checkpoint (before the silo acknowledges deliveries): hands over the bars of every trade
    /// applied so far, with every trade id applied, and returns the commit; it faults when the commit fails (the trades
    /// stay uncommitted and go with the next checkpoint, and the deliveries stay unacknowledged). When the grain's own
    /// commit is still under way and trades came in since, this one fails at once: the silo tries again next round.</summary>
    public Task BeginCheckpoint()
    {
        if (_inflight is { IsCompleted: true } ended && Settle(ended) is CheckpointConflictException conflict)
        {
            return Task.FromException(conflict);
        }

        if (_superseded)
        {
            return Task.FromException(Superseded());
        }

        if (_inflight is { } running)
        {
            return _uncommittedTrades == 0
                ? running
                : Task.FromException(new CheckpointDeferredException($"{_symbol}: a commit is under way; the {_uncommittedTrades} trades applied since go with the next checkpoint."));
        }

        return _uncommittedTrades == 0 ? Task.CompletedTask : HandOver();
    }

    /// <summary>Commits the bars of every trade applied so far, with every trade id applied, and waits for it (in the
    /// turn: for the deactivation). Throws when that fails; the trades stay uncommitted.</summary>
    private async Task CheckpointAndWaitAsync()
    {
        if (_inflight is { } earlier)
        {
            await earlier.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            ThrowIfFailed(Settle(earlier));
        }

        if (_superseded)
        {
            throw Superseded();
        }

        if (_uncommittedTrades == 0)
        {
            return;
        }

        var commit = HandOver();
        await commit.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        ThrowIfFailed(Settle(commit));
    }

    private async Task LoadTradeIdsAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ReadTradeIdsAsync(_symbol, cancellationToken);
        _tradeIds = stored.TradeIds;
        _checkpointRevision = stored.Revision;
        _lastCheckpoint = clock.GetTimestamp();
    }

    /// <summary>The grain's own checkpoint, every <see cref="MarketOptions.CheckpointInterval"/>, without waiting:
    /// settles the previous commit if it has ended, and hands over the next if none is under way.</summary>
    private void CheckpointIfDue()
    {
        if (_inflight is { IsCompleted: true } ended)
        {
            Settle(ended);
        }

        if (_inflight is null && !_superseded && _uncommittedTrades > 0 && clock.GetElapsedTime(_lastCheckpoint) >= _options.CheckpointInterval)
        {
            HandOver();
        }
    }

    /// <summary>The last checkpoint, when the activation ends: retried (storage may be briefly away) until it commits,
    /// conflicts, or the deactivation's time is up.</summary>
    private async Task CheckpointOnDeactivationAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!_superseded)
        {
            try
            {
                await CheckpointAndWaitAsync();
                return;
            }
            catch (Exception exception) when (exception is not (CheckpointConflictException or OutOfMemoryException))
            {
                // The writer has stopped with its host (a grain deactivated after the silo's stop): nothing can commit.
                if (cancellationToken.IsCancellationRequested || exception is ObjectDisposedException)
                {
                    LogTradesNotCommitted(exception, _symbol, _uncommittedTrades);
                    return;
                }

                await Task.Delay(delay, clock, cancellationToken)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
                delay = delay * 2 < MaxCheckpointRetryDelay ? delay * 2 : MaxCheckpointRetryDelay;
            }
            catch (CheckpointConflictException)
            {
                return;
            }
        }
    }

    /// <summary>Hands the uncommitted deltas, a copy of the ids and the expected revision to the writer.</summary>
    private Task HandOver()
    {
        var deltas = new List<Bar>(_uncommitted.Count + 1);
        deltas.AddRange(_uncommitted.Values);
        if (_uncommittedPartial.HasTrades)
        {
            deltas.Add(_uncommittedPartial.ToBar());
        }

        _uncommitted.Clear();
        _uncommittedPartial.Clear();
        (_inflightDeltas, _inflightTrades, _uncommittedTrades) = (deltas, _uncommittedTrades, 0);
        _lastCheckpoint = clock.GetTimestamp();
        _inflight = checkpoints.CommitAsync(new SymbolCheckpoint(_symbol, deltas, _tradeIds.Clone(), _checkpointRevision));
        return _inflight;
    }

    /// <summary>Takes in the outcome of an ended commit: the next revision; or its deltas back into the uncommitted
    /// ones (merging is exact, so they go with the next checkpoint); or, on a conflict, the end of this activation.
    /// Returns the failure, if any.</summary>
    private Exception? Settle(Task commit)
    {
        _inflight = null;
        if (commit.IsCompletedSuccessfully)
        {
            _checkpointRevision++;
            _inflightDeltas = [];
            _checkpointFailing = false;
            return null;
        }

        var failure = commit.Exception?.InnerException ?? new TaskCanceledException(commit);
        if (failure is CheckpointConflictException)
        {
            _superseded = true;
            LogSuperseded(failure);
            DeactivateOnIdle();
            return failure;
        }

        _inflightDeltas.ForEach(AddUncommitted);
        _uncommittedTrades += _inflightTrades;
        _inflightDeltas = [];
        if (!_checkpointFailing)
        {
            _checkpointFailing = true;
            LogCheckpointFailed(failure, _symbol, _uncommittedTrades);
        }

        return failure;
    }

    private CheckpointConflictException Superseded() =>
        new($"{_symbol}: this activation was superseded by another writer and is deactivating.");

    private static void ThrowIfFailed(Exception? failure)
    {
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Adds a trade of the partial bar's minute to what the next checkpoint commits.</summary>
    private void UncommittedPartialAdd(in Trade trade, DateTime minute)
    {
        if (_uncommittedPartial.HasTrades)
        {
            _uncommittedPartial.Add(trade);
        }
        else
        {
            _uncommittedPartial.Begin(trade, minute);
        }
    }

    /// <summary>Moves the uncommitted part of the partial bar to the closed minutes' deltas (its minute is closing).</summary>
    private void FoldUncommittedPartial()
    {
        if (_uncommittedPartial.HasTrades)
        {
            AddUncommitted(_uncommittedPartial.ToBar());
            _uncommittedPartial.Clear();
        }
    }

    private void AddUncommitted(Bar delta) =>
        _uncommitted[delta.Start] = _uncommitted.TryGetValue(delta.Start, out var waiting) ? Bar.Merge(waiting, delta, delta.Start) : delta;

    [LoggerMessage(EventId = 4021, Level = LogLevel.Warning, Message = "{Symbol}: a checkpoint failed with {Trades} trades uncommitted; they stay in memory and the next checkpoint tries again")]
    private partial void LogCheckpointFailed(Exception exception, string symbol, long trades);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Warning, Message = "This activation of a symbol was superseded by another writer; it deactivates without writing, and the next activation reads what the other wrote")]
    private partial void LogSuperseded(Exception exception);

    [LoggerMessage(EventId = 4023, Level = LogLevel.Error, Message = "{Symbol}: the activation ended with {Trades} trades not committed (storage failed until the deactivation timed out)")]
    private partial void LogTradesNotCommitted(Exception exception, string symbol, long trades);
}
