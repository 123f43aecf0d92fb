namespace OrleansTicks.GrainInterfaces.Feeds;

/// <summary>The watched symbols as of <paramref name="Version"/>. <paramref name="IsComplete"/> is false while the
/// demand grain is newly activated and symbol grains may not all have re-announced yet: an observer then must not
/// take a symbol's absence as "unwatched".</summary>
public sealed record FeedDemandView(long Version, IReadOnlyList<string> Symbols, bool IsComplete);

/// <summary>One change of the watched set: <paramref name="Symbol"/> is watched now or not; the set's version after it.</summary>
public sealed record FeedDemandChange(long Version, string Symbol, bool Watched);
