using OrleansTicks.Runtime;

namespace OrleansTicks.GrainInterfaces.Feeds;

/// <summary>Told of every change of the watched set, each numbered one above the previous.</summary>
public interface IFeedDemandObserver : IGrainObserver
{
    /// <summary><see cref="FeedDemandChange.Symbol"/> became watched or unwatched.</summary>
    Task OnDemandChangedAsync(FeedDemandChange change);
}
