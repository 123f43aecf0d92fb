namespace OrleansTicks.Grains.Feeds.Finnhub;

/// <summary>Finnhub's trades carry no id, so one is derived from what they do carry, the same on every delivery of a
/// trade (a resend after a reconnect is then dropped by the symbol grain's dedupe):
/// <c>id = (t − 2020-01-01 in ms) × 2^13 + h</c>, where <c>h</c> is 13 bits of a hash of the price, the size and the
/// trade's ordinal among the trades of the same symbol with the same (t, p, v) earlier in the same message. Within
/// a message a hash that collides with a different trade's is moved to the next free value. The time leads, so ids
/// grow with time as the dedupe set wants (its runs, its floor), and stay below 2^53 (exact in JavaScript) until
/// 2054-11. Limits: two different trades of one symbol in the same millisecond that arrive in different messages
/// collide with probability 2^-13 (the second is then dropped as a duplicate); identical trades (same t, p, v) are
/// told apart only by their order within one message, so if a resend splits them across messages differently they
/// count differently.</summary>
public static class FinnhubTradeIds
{
    /// <summary>Bits of the id below the time.</summary>
    public const int HashBits = 13;

    /// <summary>The first time an id can carry: 2020-01-01, Unix milliseconds.</summary>
    public const long EpochMilliseconds = 1_577_836_800_000;

    /// <summary>The last time an id can carry (Unix milliseconds): the id stays below 2^53.</summary>
    public const long LastMilliseconds = EpochMilliseconds + (1L << (53 - HashBits)) - 1;

    private const long HashMask = (1L << HashBits) - 1;

    /// <summary>Whether a trade at <paramref name="unixMilliseconds"/> can have an id.</summary>
    public static bool InRange(long unixMilliseconds) => unixMilliseconds is >= EpochMilliseconds and <= LastMilliseconds;

    /// <summary>The id of a trade at <paramref name="unixMilliseconds"/> (in range) of <paramref name="price"/> and
    /// <paramref name="size"/>, the <paramref name="ordinal"/>-th (from 0) such trade of its symbol in its message,
    /// before any moving away from a collision.</summary>
    public static long Derive(long unixMilliseconds, decimal price, decimal size, int ordinal)
    {
        // Doubles of equal decimals are equal whatever their scale (189.5 and 189.50), unlike decimal bits.
        var hash = Mix((ulong)BitConverter.DoubleToInt64Bits((double)price) ^ Mix((ulong)BitConverter.DoubleToInt64Bits((double)size) ^ Mix((ulong)ordinal + 0x9E3779B97F4A7C15UL)));
        return ((unixMilliseconds - EpochMilliseconds) << HashBits) | (long)(hash & HashMask);
    }

    /// <summary>The next id of the same millisecond after <paramref name="id"/> (wrapping within it).</summary>
    public static long Next(long id) => (id & ~HashMask) | ((id + 1) & HashMask);

    // SplitMix64's finaliser: every input bit moves every output bit.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
