using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansTicks.Api.Contracts;
using OrleansTicks.Api.Live.Outbox;
using OrleansTicks.Api.Observability;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Runtime;

namespace OrleansTicks.Api.Live.Bridge;

/// <summary>The node's observer bridge: one <see cref="SymbolWatch"/> per watched symbol, however many clients
/// (hub connections, <c>/ws</c> sockets) watch it. It subscribes each watch to its symbol grain, renews the
/// subscriptions, reports the node's per-symbol client count to the grains (on change, coalesced, and re-announced
/// with every renewal), retires a watch no client has wanted for <see cref="LiveOptions.UnwatchGrace"/>, and drives
/// conflation. The upkeep loops are in <c>SymbolWatchBridge.Upkeep.cs</c>.</summary>
internal sealed partial class SymbolWatchBridge(
    IGrainFactory grains,
    ApiMetrics metrics,
    IOptions<LiveOptions> options,
    TimeProvider clock,
    ILogger<SymbolWatchBridge> logger) : BackgroundService
{
    private readonly LiveOptions _options = options.Value;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SymbolWatch> _watches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _countChanged = new(StringComparer.Ordinal);
    private readonly ConflationWindows? _windows = options.Value.MaxQuotesPerSecond > 0 ? new ConflationWindows() : null;

    /// <summary>This node's id in the grains' subscriber counts.</summary>
    public string NodeId { get; } = options.Value.EffectiveNodeId;

    /// <summary>The number of clients of this node watching <paramref name="symbol"/>.</summary>
    public int CountOf(string symbol)
    {
        lock (_lock)
        {
            return _watches.TryGetValue(symbol, out var watch) ? watch.Count : 0;
        }
    }

    /// <summary>Adds <paramref name="subscriber"/> to the watchers of <paramref name="symbol"/> (upper case) and answers
    /// its snapshot; every message it gets for the symbol afterwards has a higher sequence number.</summary>
    public async Task<SubscriptionSnapshot> WatchAsync(string symbol, ILiveSubscriber subscriber, CancellationToken cancellationToken = default)
    {
        SymbolWatch watch;
        var created = false;
        lock (_lock)
        {
            if (!_watches.TryGetValue(symbol, out watch!))
            {
                watch = new SymbolWatch(symbol, _windows, clock, metrics);
                _watches.Add(symbol, watch);
                created = true;
            }

            watch.Reserve();
        }

        try
        {
            if (created)
            {
                _ = SubscribeFirstAsync(watch);
            }

            await watch.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
            return watch.Add(subscriber);
        }
        finally
        {
            watch.Unreserve();
            _countChanged[symbol] = true;
        }
    }

    /// <summary>The snapshot for a client that already watches <paramref name="symbol"/>; null if it is not watched.</summary>
    public SubscriptionSnapshot? Peek(string symbol)
    {
        lock (_lock)
        {
            return _watches.TryGetValue(symbol, out var watch) && watch.Ready.IsCompletedSuccessfully ? watch.Peek() : null;
        }
    }

    /// <summary>Removes <paramref name="subscriber"/> from the watchers of <paramref name="symbol"/>.</summary>
    public void Unwatch(string symbol, ILiveSubscriber subscriber)
    {
        SymbolWatch? watch;
        lock (_lock)
        {
            _watches.TryGetValue(symbol, out watch);
        }

        if (watch is not null)
        {
            watch.Remove(subscriber);
            _countChanged[symbol] = true;
        }
    }

    private async Task SubscribeFirstAsync(SymbolWatch watch)
    {
        try
        {
            watch.Reference = grains.CreateObjectReference<ISymbolObserver>(watch);
            var snapshot = await Grain(watch.Symbol).SubscribeAsync(watch.Reference).ConfigureAwait(false);
            watch.ApplyFirstSnapshot(snapshot);
            LogWatchStarted(watch.Symbol, snapshot.Sequence);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogWatchFailed(exception, watch.Symbol);
            lock (_lock)
            {
                if (_watches.TryGetValue(watch.Symbol, out var current) && ReferenceEquals(current, watch))
                {
                    _watches.Remove(watch.Symbol);
                }
            }

            DeleteReference(watch);
            watch.Fail(exception);
        }
    }

    private ISymbolGrain Grain(string symbol) => grains.GetGrain<ISymbolGrain>(symbol);

    private void DeleteReference(SymbolWatch watch)
    {
        if (watch.Reference is { } reference)
        {
            grains.DeleteObjectReference(reference);
            watch.Reference = null;
        }
    }

    [LoggerMessage(EventId = LiveLog.WatchStarted, Level = LogLevel.Debug, Message = "Watching {Symbol} from sequence {Sequence}")]
    private partial void LogWatchStarted(string symbol, long sequence);

    [LoggerMessage(EventId = LiveLog.WatchFailed, Level = LogLevel.Warning, Message = "Could not subscribe to {Symbol}")]
    private partial void LogWatchFailed(Exception exception, string symbol);
}
