using Microsoft.Extensions.Logging;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.Grains.Feeds.Demand;

namespace OrleansTicks.Grains.Market;

/// <summary>Tells the demand grain whether some client watches this symbol, so that a live feed subscribes to it
/// upstream: when the subscriber count leaves or reaches zero, and again every renewal interval while it is above
/// zero (the demand grain keeps nothing on disk and forgets what is not re-announced).</summary>
public sealed partial class SymbolGrain
{
    private async Task AnnounceDemandAsync()
    {
        var watched = _subscribers > 0;
        if (watched == _announcedWatched
            && (!watched || clock.GetElapsedTime(_lastAnnounced) < FeedDemandGrain.RenewIntervalFor(_options.SubscriptionExpiry)))
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IFeedDemandGrain>(IFeedDemandGrain.Key).SetWatchedAsync(_symbol, watched);
            _announcedWatched = watched;
            _lastAnnounced = clock.GetTimestamp();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The next tick tries again: nothing above changed, so the announcement is still due.
            LogDemandAnnounceFailed(exception, _symbol, watched);
        }
    }

    [LoggerMessage(EventId = 4020, Level = LogLevel.Warning, Message = "Could not tell the demand grain that {Symbol} is watched: {Watched}; retrying on the next tick")]
    private partial void LogDemandAnnounceFailed(Exception exception, string symbol, bool watched);
}
