namespace OrleansTicks.Grains.Feeds.Demand;

/// <summary>What a live connector should be subscribed to upstream: the configured <c>Feed:Symbols</c> plus every
/// symbol some client watches, where a symbol nobody watches any more stays for <c>Feed:UnsubscribeGrace</c> so that
/// a client flapping between symbols does not make the connector flap upstream.</summary>
/// <remarks>A connector keeps its own set of what it has subscribed upstream. After (re)connecting it subscribes to
/// <see cref="Current"/>; then it waits with <see cref="WaitForChangeAsync"/> and subscribes or unsubscribes the
/// difference between the new <see cref="Current"/> and its own set. Diffing whole sets (rather than consuming a
/// queue of changes) means a reconnect or a missed wake-up can never leave the two out of step.</remarks>
public interface IFeedDemand
{
    /// <summary>The symbols wanted upstream now, with a version that grows with every change.</summary>
    FeedDemandSnapshot Current { get; }

    /// <summary>Completes when <see cref="Current"/> has a version above <paramref name="version"/> (at once if it
    /// already has), or throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is
    /// cancelled.</summary>
    Task WaitForChangeAsync(long version, CancellationToken cancellationToken = default);
}
