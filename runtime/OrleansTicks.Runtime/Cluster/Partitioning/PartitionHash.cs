namespace OrleansTicks.Runtime.Cluster.Partitioning;

/// <summary>The key → partition function of cluster mode. It defines placement: whoever publishes a trade or a call
/// for a grain key computes the key's partition with it, so it must give the same answer in every process, on every
/// machine, in every version. <b>Never change it</b>; docs/CLUSTER.md records its definition and test vectors, and
/// the tests fail when an output changes.</summary>
/// <remarks>
/// <para>Definition: <c>partition = fmix32(fnv1a32(utf8(key))) mod partitionCount</c>, where <c>fnv1a32</c> is
/// 32-bit FNV-1a (offset basis 2166136261, prime 16777619) over the key's UTF-8 bytes, exactly as given (no case
/// folding, no trimming), and <c>fmix32</c> is MurmurHash3's 32-bit finalizer.</para>
/// <para>Why FNV-1a: it is a few lines, byte-wise, publicly specified and easy to reproduce in any language or a
/// script; no package is needed (xxHash would need System.IO.Hashing, which the feed does not carry) and nothing
/// can change it behind our back. Why the finalizer: in FNV-1a the low <c>k</c> bits of the hash depend only on the
/// low <c>k</c> bits of each byte, so modulo 32 (the default partition count) <c>"aapl"</c>, <c>"AAPL"</c> and
/// <c>"A@PL"</c> would always share a partition and <c>"BRK.B"</c> would share one with <c>"BRKNB"</c>;
/// fmix32 makes every bit of the result depend on every bit of the hash.</para>
/// </remarks>
public static class PartitionHash
{
    /// <summary>The partition of <paramref name="key"/> among <paramref name="partitionCount"/> partitions.</summary>
    /// <param name="key">The grain key, as given (ordinal: <c>"aapl"</c> and <c>"AAPL"</c> are different keys).</param>
    /// <param name="partitionCount">How many partitions the deployment has (<c>Cluster:Partitions</c>).</param>
    /// <returns>A partition in <c>[0, partitionCount)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partitionCount"/> is not positive.</exception>
    public static int Partition(string key, int partitionCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        return (int)(Hash(key) % (uint)partitionCount);
    }

    /// <summary>The 32-bit hash the partition is taken from: <c>fmix32(fnv1a32(utf8(key)))</c>.</summary>
    /// <param name="key">The grain key, as given.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public static uint Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return StableHash.Mix32(StableHash.Fnv1a32(key));
    }

    /// <summary>The 64-bit variant, <c>fmix64(fnv1a64(utf8(key)))</c>, for names that need a wider key than a
    /// partition does: the PostgreSQL advisory lock of a leader-election role is this hash of the role's name. Frozen
    /// like <see cref="Hash"/> (docs/CLUSTER.md has its test vectors): a change would let two versions of a silo
    /// lead the same role at once during a rolling upgrade.</summary>
    /// <param name="key">The name, as given (ordinal, no case folding or trimming).</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public static ulong Hash64(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return StableHash.Mix64(StableHash.Fnv1a64(key));
    }
}
