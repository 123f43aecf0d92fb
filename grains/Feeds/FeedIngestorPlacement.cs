namespace OrleansTicks.Grains.Feeds;

/// <summary>Where the feed runs, which decides whether this process's <see cref="FeedIngestorService"/> runs its
/// connector.</summary>
public enum FeedIngestorPlacement
{
    /// <summary>One process: the ingestor runs the connector for the life of the process.</summary>
    Local,

    /// <summary>A cluster silo: the connector runs only while this silo holds the feed's leadership (one ingestor per
    /// upstream in the cluster); the leader election calls <see cref="FeedIngestorService.RunFeedAsync"/>.</summary>
    Elected,

    /// <summary>A cluster api node: no ingestor runs here; the connector is only asked which symbols it provides.</summary>
    Elsewhere,
}

/// <summary>The service that says where this process's feed runs (registered by the hosting extension that knows
/// the process's mode).</summary>
/// <param name="Placement">Where the feed runs.</param>
public sealed record FeedIngestorHost(FeedIngestorPlacement Placement);
