using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.Grains.Market;
using OrleansTicks.Runtime;
using OrleansTicks.Runtime.Observers;

namespace OrleansTicks.Grains.Feeds.Demand;

/// <summary>The cluster's watched symbols, kept in memory only: symbol grains re-announce theirs every quarter of the
/// subscription expiry, so a new activation knows the whole set again within that time and says so
/// (<see cref="FeedDemandView.IsComplete"/>) instead of persisting anything. A symbol not re-announced within the
/// expiry is dropped (its symbol grain was lost with its subscribers).</summary>
public sealed partial class FeedDemandGrain(IOptions<MarketOptions> options, TimeProvider clock, ILogger<FeedDemandGrain> logger)
    : Grain, IFeedDemandGrain
{
    private readonly TimeSpan _expiry = options.Value.SubscriptionExpiry;
    private readonly Dictionary<string, long> _watched = new(StringComparer.Ordinal); // symbol → last announced
    private ObserverManager<IFeedDemandObserver> _observers = null!;
    private long _activatedAt;
    private long _version;

    /// <summary>How often symbol grains re-announce a watched symbol.</summary>
    public static TimeSpan RenewIntervalFor(TimeSpan subscriptionExpiry) => subscriptionExpiry / 4;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _observers = new ObserverManager<IFeedDemandObserver>(_expiry, logger, clock);
        _activatedAt = clock.GetTimestamp();
        var sweep = RenewIntervalFor(_expiry);
        RegisterGrainTimer(_ => { DropExpired(); return Task.CompletedTask; }, sweep, sweep);
    }

    public Task SetWatchedAsync(string symbol, bool watched)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        if (watched)
        {
            var added = !_watched.ContainsKey(symbol);
            _watched[symbol] = clock.GetTimestamp();
            if (added)
            {
                Publish(symbol, watched: true);
            }
        }
        else if (_watched.Remove(symbol))
        {
            Publish(symbol, watched: false);
        }

        return Task.CompletedTask;
    }

    public Task<FeedDemandView> SubscribeAsync(IFeedDemandObserver observer)
    {
        _observers.Subscribe(observer);
        var complete = clock.GetElapsedTime(_activatedAt) >= RenewIntervalFor(_expiry) * 2;
        return Task.FromResult(new FeedDemandView(_version, [.. _watched.Keys], complete));
    }

    public Task UnsubscribeAsync(IFeedDemandObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private void DropExpired()
    {
        var now = clock.GetTimestamp();
        foreach (var (symbol, announced) in _watched.ToArray())
        {
            if (clock.GetElapsedTime(announced, now) >= _expiry)
            {
                _watched.Remove(symbol);
                LogExpired(symbol);
                Publish(symbol, watched: false);
            }
        }
    }

    private void Publish(string symbol, bool watched)
    {
        var change = new FeedDemandChange(++_version, symbol, watched);
        _observers.Notify(o => o.OnDemandChangedAsync(change));
    }

    [LoggerMessage(EventId = 4210, Level = LogLevel.Information,
        Message = "Symbol {Symbol} was not re-announced as watched within the subscription expiry; it is no longer wanted upstream")]
    private partial void LogExpired(string symbol);
}
