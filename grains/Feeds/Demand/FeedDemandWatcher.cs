using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.Grains.Market;
using OrleansTicks.Runtime;

namespace OrleansTicks.Grains.Feeds.Demand;

/// <summary>Keeps the silo's <see cref="FeedDemand"/> equal to the demand grain's watched set: observes the grain,
/// applies its numbered changes in order, and re-subscribes (which renews the observer and resynchronises the whole
/// set) every quarter of the subscription expiry, at once when a change is missing, and after a failed call.</summary>
public sealed partial class FeedDemandWatcher(
    IGrainFactory grains,
    FeedDemand demand,
    IOptions<MarketOptions> options,
    TimeProvider clock,
    ILogger<FeedDemandWatcher> logger) : BackgroundService, IFeedDemandObserver
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, FeedDemandChange> _early = []; // changes that overtook a missing one
    private readonly TimeSpan _renewInterval = FeedDemandGrain.RenewIntervalFor(options.Value.SubscriptionExpiry);
    private TaskCompletionSource _resyncNow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version = -1; // none applied yet: everything waits for the first view

    /// <summary>The version of the watched set applied last (for tests and diagnostics).</summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var grain = grains.GetGrain<IFeedDemandGrain>(IFeedDemandGrain.Key);
        var reference = grains.CreateObjectReference<IFeedDemandObserver>(this);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Task resync;
                lock (_gate)
                {
                    resync = _resyncNow.Task;
                }

                var wait = _renewInterval;
                try
                {
                    Apply(await grain.SubscribeAsync(reference).WaitAsync(stoppingToken).ConfigureAwait(false));
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogResyncFailed(exception);
                    wait = TimeSpan.FromSeconds(1);
                }

                await Task.WhenAny(resync, Task.Delay(wait, clock, stoppingToken)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            grains.DeleteObjectReference(reference);
        }
    }

    Task IFeedDemandObserver.OnDemandChangedAsync(FeedDemandChange change)
    {
        lock (_gate)
        {
            if (_version < 0 || change.Version <= _version)
            {
                return Task.CompletedTask; // before the first view (it will include it), or already in a view
            }

            _early[change.Version] = change;
            if (!DrainLocked())
            {
                _resyncNow.TrySetResult(); // a change is missing: fetch the whole set
            }
        }

        return Task.CompletedTask;
    }

    private void Apply(FeedDemandView view)
    {
        lock (_gate)
        {
            if (view.IsComplete)
            {
                demand.ReplaceWatched(view.Symbols);
            }
            else
            {
                // A new grain activation still hears from symbol grains: what it has is watched, what it lacks may be.
                foreach (var symbol in view.Symbols)
                {
                    demand.Watch(symbol);
                }
            }

            _version = view.Version;
            _resyncNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var stale in _early.Keys.Where(v => v <= _version).ToArray())
            {
                _early.Remove(stale);
            }

            DrainLocked();
        }
    }

    /// <summary>Applies the early changes that now follow on; true when none is left waiting for a missing one.</summary>
    private bool DrainLocked()
    {
        while (_early.Remove(_version + 1, out var next))
        {
            if (next.Watched)
            {
                demand.Watch(next.Symbol);
            }
            else
            {
                demand.Unwatch(next.Symbol);
            }

            _version = next.Version;
        }

        return _early.Count == 0;
    }

    [LoggerMessage(EventId = 4211, Level = LogLevel.Warning, Message = "Could not read the watched symbols from the demand grain; retrying")]
    private partial void LogResyncFailed(Exception exception);
}
