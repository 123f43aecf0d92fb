using System.Buffers;
using System.Numerics;
using System.Text;

namespace OrleansTicks.Runtime.Cluster.Partitioning;

/// <summary>The stable hash functions placement is built on: FNV-1a (32 and 64 bit) over a string's UTF-8 bytes and
/// the MurmurHash3 finalizers. They never change. They are spelled out here rather than taken from
/// <see cref="string.GetHashCode()"/>, which is randomized per process, or from a package whose output could change
/// with a version.</summary>
internal static class StableHash
{
    private const uint Fnv32OffsetBasis = 2166136261;
    private const uint Fnv32Prime = 16777619;
    private const ulong Fnv64OffsetBasis = 14695981039346656037;
    private const ulong Fnv64Prime = 1099511628211;

    // Keys and silo ids are short: they are encoded on the stack, and only a long one rents a buffer.
    private const int StackLimit = 256;

    /// <summary>FNV-1a 32-bit of <paramref name="value"/>'s UTF-8 bytes (a lone surrogate encodes as U+FFFD).</summary>
    public static uint Fnv1a32(string value) => OfUtf8(value, Fnv32OffsetBasis, Fnv32Prime);

    /// <summary>FNV-1a 32-bit of <paramref name="bytes"/>.</summary>
    public static uint Fnv1a32(ReadOnlySpan<byte> bytes) => Fnv1a(bytes, Fnv32OffsetBasis, Fnv32Prime);

    /// <summary>FNV-1a 64-bit of <paramref name="value"/>'s UTF-8 bytes (a lone surrogate encodes as U+FFFD).</summary>
    public static ulong Fnv1a64(string value) => OfUtf8(value, Fnv64OffsetBasis, Fnv64Prime);

    /// <summary>FNV-1a 64-bit of <paramref name="bytes"/>.</summary>
    public static ulong Fnv1a64(ReadOnlySpan<byte> bytes) => Fnv1a(bytes, Fnv64OffsetBasis, Fnv64Prime);

    /// <summary>MurmurHash3's 32-bit finalizer (fmix32): every input bit affects every output bit.</summary>
    public static uint Mix32(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }

    /// <summary>MurmurHash3's 64-bit finalizer (fmix64).</summary>
    public static ulong Mix64(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCD;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53;
        h ^= h >> 33;
        return h;
    }

    // FNV-1a in either width: xor in a byte, multiply by the prime (wrapping).
    private static T Fnv1a<T>(ReadOnlySpan<byte> bytes, T offsetBasis, T prime)
        where T : IBinaryInteger<T>
    {
        var hash = offsetBasis;
        foreach (var b in bytes)
        {
            hash = unchecked((hash ^ T.CreateTruncating(b)) * prime);
        }

        return hash;
    }

    private static T OfUtf8<T>(string value, T offsetBasis, T prime)
        where T : IBinaryInteger<T>
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var rented = max > StackLimit ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> buffer = rented ?? stackalloc byte[StackLimit];
        var hash = Fnv1a<T>(buffer[..Encoding.UTF8.GetBytes(value, buffer)], offsetBasis, prime);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return hash;
    }
}
