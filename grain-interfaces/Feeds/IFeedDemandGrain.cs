using OrleansTicks.Runtime;

namespace OrleansTicks.GrainInterfaces.Feeds;

/// <summary>Which symbols some client watches, cluster-wide (one grain, key <see cref="Key"/>): symbol grains tell it
/// when their subscriber count leaves or reaches zero and re-announce while it is above zero; the silo that runs a
/// live feed observes it and subscribes upstream accordingly.</summary>
public interface IFeedDemandGrain : IGrainWithStringKey
{
    /// <summary>The one grain's key.</summary>
    const string Key = "feed";

    /// <summary>Some client watches <paramref name="symbol"/> (<paramref name="watched"/> true; also the periodic
    /// re-announcement), or nobody does any more (false). A watched symbol not re-announced within the symbol grains'
    /// subscription expiry is dropped, so a symbol grain lost with its subscribers does not keep it watched.</summary>
    Task SetWatchedAsync(string symbol, bool watched);

    /// <summary>Adds or renews <paramref name="observer"/> (it must renew within the subscription expiry) and
    /// answers the watched set in the same turn: changes after it reach the observer numbered from its version.</summary>
    Task<FeedDemandView> SubscribeAsync(IFeedDemandObserver observer);

    /// <summary>Removes <paramref name="observer"/>.</summary>
    Task UnsubscribeAsync(IFeedDemandObserver observer);
}
