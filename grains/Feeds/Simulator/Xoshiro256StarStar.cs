using System.Numerics;

namespace OrleansTicks.Grains.Feeds.Simulator;

/// <summary>xoshiro256** (Blackman and Vigna, 2018): a fast PRNG with a 256-bit state, seeded through SplitMix64 as
/// its authors recommend. Ours rather than <see cref="Random"/> because the sequence must never change with the .NET
/// version (same seed, same trades) and because it is a mutable struct the generator keeps in a field, with no
/// virtual call per draw. Hold it in a non-readonly field and call it in place: a copy would repeat the sequence.</summary>
internal struct Xoshiro256StarStar
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256StarStar(ulong seed)
    {
        _s0 = SplitMix64(ref seed);
        _s1 = SplitMix64(ref seed);
        _s2 = SplitMix64(ref seed);
        _s3 = SplitMix64(ref seed);
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal draw by the inverse of a uniform in (0, 1): used only where speed does not matter
    /// (set-up); the per-trade path uses the polar method in <see cref="TradeGenerator"/>.</summary>
    public double NextStandardNormalSlow()
    {
        double u1;
        do
        {
            u1 = NextDouble();
        }
        while (u1 <= double.Epsilon);

        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
