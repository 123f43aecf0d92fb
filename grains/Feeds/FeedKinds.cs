namespace OrleansTicks.Grains.Feeds;

/// <summary>The connector kinds the silo knows (one <see cref="FeedKindRegistration"/> each), so that a bad <c>Feed:Kind</c> is
/// reported at start with the list of valid ones.</summary>
public sealed class FeedKinds(IEnumerable<FeedKindRegistration> registrations)
{
    /// <summary>The registered kinds, sorted, plus <see cref="FeedOptions.NoFeed"/>.</summary>
    public IReadOnlyList<string> All { get; } =
        [.. registrations.Select(r => r.Kind).Append(FeedOptions.NoFeed).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    /// <summary>The registered kind equal to <paramref name="kind"/> ignoring case, or null.</summary>
    public string? Find(string? kind) => All.FirstOrDefault(k => string.Equals(k, kind, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One registered connector kind.</summary>
public sealed record FeedKindRegistration(string Kind);
