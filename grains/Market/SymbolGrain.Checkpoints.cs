using Microsoft.Extensions.Logging;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Storage;

namespace OrleansTicks.Grains.Market;

// Checkpoints: the grain's bars reach storage only here, as the delta bars of the trades applied since the previous
// checkpoint, committed in one transaction with the ids of every trade applied (IBarStore.CommitCheckpointsAsync).
// So the stored bars hold exactly the trades the stored ids name, and a trade delivered again after a crash is
// skipped if and only if its bar is stored: nothing lost, nothing counted twice.
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

    /// <summary>Trades applied since the last checkpoint.</summary>
    private long _uncommittedTrades;

    private long _lastCheckpoint;
    private bool _checkpointFailing;

    /// <summary>Set when storage shows another activation of this symbol wrote since this one read (cluster mode: a
    /// silo cut off from the others): this activation's state is stale, so it writes nothing more and deactivates;
    /// the next one reads what the other wrote, and the deliveries this one did not commit come again.</summary>
    private bool _superseded;

    /// <summary>Commits the bars of the trades applied since the last checkpoint, with every trade id applied. Throws
    /// when that fails (the trades stay uncommitted and go with the next checkpoint) — in cluster mode the silo then
    /// leaves the deliveries unacknowledged.</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        if (_superseded)
        {
            throw new CheckpointConflictException($"{_symbol}: this activation was superseded by another writer and is deactivating.");
        }

        if (_uncommittedTrades == 0)
        {
            return;
        }

        var deltas = new List<Bar>(_uncommitted.Count + 1);
        deltas.AddRange(_uncommitted.Values);
        if (_uncommittedPartial.HasTrades)
        {
            deltas.Add(_uncommittedPartial.ToBar());
        }

        try
        {
            // Not cancellable: the store reads the id set when the transaction starts, and no trade may be applied
            // to it before then.
            await checkpoints.CommitAsync(new SymbolCheckpoint(_symbol, deltas, _tradeIds, _checkpointRevision));
        }
        catch (CheckpointConflictException conflict)
        {
            _superseded = true;
            LogSuperseded(conflict);
            DeactivateOnIdle();
            throw;
        }

        _checkpointRevision++;
        _uncommitted.Clear();
        _uncommittedPartial.Clear();
        _uncommittedTrades = 0;
        _lastCheckpoint = clock.GetTimestamp();
        _checkpointFailing = false;
    }

    private async Task LoadTradeIdsAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ReadTradeIdsAsync(_symbol, cancellationToken);
        _tradeIds = stored.TradeIds;
        _checkpointRevision = stored.Revision;
        _lastCheckpoint = clock.GetTimestamp();
    }

    /// <summary>The grain's own checkpoint, every <see cref="MarketOptions.CheckpointInterval"/>; a failure is logged
    /// (once per run of failures) and the next tick tries again.</summary>
    private async Task CheckpointIfDueAsync(CancellationToken cancellationToken)
    {
        if (_uncommittedTrades == 0 || _superseded || clock.GetElapsedTime(_lastCheckpoint) < _options.CheckpointInterval)
        {
            return;
        }

        try
        {
            await CheckpointAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not (CheckpointConflictException or OutOfMemoryException))
        {
            if (!_checkpointFailing)
            {
                _checkpointFailing = true;
                LogCheckpointFailed(exception, _symbol, _uncommittedTrades);
            }
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
                await CheckpointAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is not (CheckpointConflictException or OutOfMemoryException))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    LogTradesNotCommitted(exception, _symbol, _uncommittedTrades);
                    return;
                }

                await Task.Delay(delay, clock, CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = delay * 2 < MaxCheckpointRetryDelay ? delay * 2 : MaxCheckpointRetryDelay;
            }
            catch (CheckpointConflictException)
            {
                return;
            }
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

    private void AddUncommitted(in Bar delta) =>
        _uncommitted[delta.Start] = _uncommitted.TryGetValue(delta.Start, out var waiting) ? Bar.Merge(waiting, delta, delta.Start) : delta;

    [LoggerMessage(EventId = 4021, Level = LogLevel.Warning, Message = "{Symbol}: a checkpoint failed with {Trades} trades uncommitted; they stay in memory and the next checkpoint tries again")]
    private partial void LogCheckpointFailed(Exception exception, string symbol, long trades);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Warning, Message = "This activation of a symbol was superseded by another writer; it deactivates without writing, and the next activation reads what the other wrote")]
    private partial void LogSuperseded(Exception exception);

    [LoggerMessage(EventId = 4023, Level = LogLevel.Error, Message = "{Symbol}: the activation ended with {Trades} trades not committed (storage failed until the deactivation timed out)")]
    private partial void LogTradesNotCommitted(Exception exception, string symbol, long trades);
}
