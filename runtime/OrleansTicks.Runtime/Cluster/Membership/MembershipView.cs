using System.Collections.Immutable;

namespace OrleansTicks.Runtime.Cluster.Membership;

/// <summary>One silo's view of the live members.</summary>
/// <param name="Version">Counts this silo's view changes, from 1; views of different silos are numbered apart.</param>
/// <param name="LiveSilos">The live silos' ids, ordered ordinally.</param>
public sealed record MembershipView(long Version, ImmutableArray<string> LiveSilos)
{
    /// <summary>The view before the first read: version 0, nobody live.</summary>
    public static MembershipView Empty { get; } = new(0, []);

    /// <summary>Whether <paramref name="silos"/> (ordered ordinally) are exactly this view's live silos.</summary>
    /// <param name="silos">The silos to compare with.</param>
    /// <returns>True when they are the same.</returns>
    public bool HasSameSilos(ReadOnlySpan<string> silos) => LiveSilos.AsSpan().SequenceEqual(silos);
}
