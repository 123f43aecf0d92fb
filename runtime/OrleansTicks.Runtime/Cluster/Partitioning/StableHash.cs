using System.Buffers;
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
    public static uint Fnv1a32(string value)
    {
        Span<byte> stack = stackalloc byte[StackLimit];
        var bytes = ToUtf8(value, stack, out var rented);
        var hash = Fnv1a32(bytes);
        Return(rented);
        return hash;
    }

    /// <summary>FNV-1a 32-bit of <paramref name="bytes"/>.</summary>
    public static uint Fnv1a32(ReadOnlySpan<byte> bytes)
    {
        var hash = Fnv32OffsetBasis;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Fnv32Prime;
        }

        return hash;
    }

    /// <summary>FNV-1a 64-bit of <paramref name="value"/>'s UTF-8 bytes (a lone surrogate encodes as U+FFFD).</summary>
    public static ulong Fnv1a64(string value)
    {
        Span<byte> stack = stackalloc byte[StackLimit];
        var bytes = ToUtf8(value, stack, out var rented);
        var hash = Fnv1a64(bytes);
        Return(rented);
        return hash;
    }

    /// <summary>FNV-1a 64-bit of <paramref name="bytes"/>.</summary>
    public static ulong Fnv1a64(ReadOnlySpan<byte> bytes)
    {
        var hash = Fnv64OffsetBasis;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Fnv64Prime;
        }

        return hash;
    }

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

    private static ReadOnlySpan<byte> ToUtf8(string value, Span<byte> stack, out byte[]? rented)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        rented = max > stack.Length ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> buffer = rented ?? stack;
        return buffer[..Encoding.UTF8.GetBytes(value, buffer)];
    }

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
