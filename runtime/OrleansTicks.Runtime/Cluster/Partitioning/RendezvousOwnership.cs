using System.Buffers;
using System.Collections.Immutable;

namespace OrleansTicks.Runtime.Cluster.Partitioning;

/// <summary>Partition ownership by rendezvous (highest random weight) hashing: the owner of partition <c>p</c> among
/// the live silos is the silo with the highest <see cref="Weight"/> of (silo id, <c>p</c>). Every silo computes it
/// alone from the same membership view and gets the same answer, with no coordination.</summary>
/// <remarks>
/// <para>Why rendezvous hashing: a partition's owner changes only when the owner itself leaves (its partitions are
/// spread over the others) or when a new silo outweighs it (the new silo takes only those). Nothing ever moves
/// between two silos that stay, which is what keeps a membership change cheap: only the partitions that must move are
/// handed over. RabbitMQ's consistent-hash exchange re-numbers its ring when a binding is removed, moving keys between
/// queues that stayed (docs/ARCHITECTURE.md, "Cluster mode").</para>
/// <para>Definition (never change it; docs/CLUSTER.md): <c>weight(silo, p) = fmix64(fnv1a64(utf8(silo)) XOR
/// (p × 0x9E3779B97F4A7C15))</c> in unsigned 64-bit arithmetic; the highest weight wins, a tie (practically never)
/// goes to the ordinally smaller silo id. Silo ids are compared ordinally; duplicates in a list are harmless.</para>
/// <para>Cost: <c>O(silos)</c> per partition after one FNV pass per silo id; no allocation beyond the result.</para>
/// </remarks>
public static class RendezvousOwnership
{
    private const ulong PartitionSpread = 0x9E3779B97F4A7C15; // 2^64 / golden ratio: spreads consecutive partitions
    private const int StackSilos = 64;

    /// <summary>The weight of <paramref name="siloId"/> for <paramref name="partition"/>; the highest weight owns.</summary>
    /// <param name="siloId">The silo's id (<c>Cluster:SiloId</c>).</param>
    /// <param name="partition">The partition, not negative.</param>
    /// <returns>The weight.</returns>
    public static ulong Weight(string siloId, int partition)
    {
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        return Mixed(StableHash.Fnv1a64(siloId), partition);
    }

    /// <summary>The owner of <paramref name="partition"/> among <paramref name="silos"/>.</summary>
    /// <param name="partition">The partition, not negative.</param>
    /// <param name="silos">The live silos' ids, in any order.</param>
    /// <returns>The owning silo's id.</returns>
    /// <exception cref="ArgumentException"><paramref name="silos"/> is empty or holds a null or empty id.</exception>
    public static string Owner(int partition, ReadOnlySpan<string> silos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        if (silos.IsEmpty)
        {
            throw new ArgumentException("A partition has no owner without live silos.", nameof(silos));
        }

        string? owner = null;
        ulong best = 0;
        foreach (var silo in silos)
        {
            CheckSiloId(silo, nameof(silos));
            var weight = Mixed(StableHash.Fnv1a64(silo), partition);
            if (owner is null || Beats(weight, silo, best, owner))
            {
                owner = silo;
                best = weight;
            }
        }

        return owner!;
    }

    /// <summary>The partitions <paramref name="siloId"/> owns when <paramref name="silos"/> are live: none when it is
    /// not among them.</summary>
    /// <param name="siloId">The silo asking.</param>
    /// <param name="silos">The live silos' ids, in any order.</param>
    /// <param name="partitionCount">How many partitions there are (<c>Cluster:Partitions</c>).</param>
    /// <returns>The owned partitions, ascending.</returns>
    public static ImmutableArray<int> Owned(string siloId, ReadOnlySpan<string> silos, int partitionCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        var present = false;
        foreach (var silo in silos)
        {
            CheckSiloId(silo, nameof(silos));
            present |= string.Equals(silo, siloId, StringComparison.Ordinal);
        }

        if (!present)
        {
            return [];
        }

        ulong[]? rented = null;
        var hashes = silos.Length <= StackSilos
            ? stackalloc ulong[StackSilos]
            : (rented = ArrayPool<ulong>.Shared.Rent(silos.Length));
        for (var i = 0; i < silos.Length; i++)
        {
            hashes[i] = StableHash.Fnv1a64(silos[i]);
        }

        var own = StableHash.Fnv1a64(siloId);
        var owned = ImmutableArray.CreateBuilder<int>();
        for (var partition = 0; partition < partitionCount; partition++)
        {
            if (Wins(siloId, Mixed(own, partition), silos, hashes, partition))
            {
                owned.Add(partition);
            }
        }

        if (rented is not null)
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }

        return owned.DrainToImmutable();
    }

    /// <summary>What <paramref name="siloId"/> gains and loses when the live silos change from
    /// <paramref name="oldSilos"/> to <paramref name="newSilos"/>.</summary>
    /// <param name="oldSilos">The live silos before (empty when the silo has just started).</param>
    /// <param name="newSilos">The live silos after (empty, or without the silo, when it leaves).</param>
    /// <param name="siloId">The silo asking.</param>
    /// <param name="partitionCount">How many partitions there are.</param>
    /// <returns>The partitions to start consuming and those to hand over.</returns>
    public static PartitionChanges Diff(ReadOnlySpan<string> oldSilos, ReadOnlySpan<string> newSilos, string siloId, int partitionCount)
    {
        var before = Owned(siloId, oldSilos, partitionCount);
        var after = Owned(siloId, newSilos, partitionCount);
        return new PartitionChanges(Except(after, before), Except(before, after));
    }

    private static ulong Mixed(ulong siloHash, int partition) =>
        StableHash.Mix64(siloHash ^ ((ulong)partition * PartitionSpread));

    private static bool Wins(string siloId, ulong weight, ReadOnlySpan<string> silos, ReadOnlySpan<ulong> hashes, int partition)
    {
        for (var i = 0; i < silos.Length; i++)
        {
            if (Beats(Mixed(hashes[i], partition), silos[i], weight, siloId))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Beats(ulong weight, string silo, ulong otherWeight, string other) =>
        weight > otherWeight || (weight == otherWeight && string.CompareOrdinal(silo, other) < 0);

    private static void CheckSiloId(string silo, string parameter)
    {
        if (string.IsNullOrEmpty(silo))
        {
            throw new ArgumentException("A silo id is never null or empty.", parameter);
        }
    }

    // Both inputs are ascending, so one merge pass finds what only the first holds.
    private static ImmutableArray<int> Except(ImmutableArray<int> first, ImmutableArray<int> second)
    {
        var result = ImmutableArray.CreateBuilder<int>();
        var j = 0;
        foreach (var value in first)
        {
            while (j < second.Length && second[j] < value)
            {
                j++;
            }

            if (j == second.Length || second[j] != value)
            {
                result.Add(value);
            }
        }

        return result.DrainToImmutable();
    }
}
