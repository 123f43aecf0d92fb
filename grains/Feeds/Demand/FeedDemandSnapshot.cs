namespace OrleansTicks.Grains.Feeds.Demand;

/// <summary>The symbols wanted upstream (our upper-case symbol names; a connector maps them to the vendor's), as of
/// <paramref name="Version"/>.</summary>
public sealed record FeedDemandSnapshot(long Version, IReadOnlySet<string> Symbols);
