namespace OrleansTicks.Grains.Feeds.Live;

/// <summary>The delay before reconnect attempt n (0-based): <c>min(max, min × 2^n)</c>, with "equal jitter" — a
/// random point in its upper half — so that many silos dropped together do not reconnect together, while the
/// delay still grows.</summary>
internal sealed class ReconnectBackoff(TimeSpan min, TimeSpan max, Random random)
{
    /// <summary>The delay before attempt <paramref name="attempt"/>.</summary>
    public TimeSpan DelayFor(int attempt)
    {
        if (min <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var ceiling = min;
        for (var i = 0; i < attempt && ceiling < max; i++)
        {
            ceiling *= 2;
        }

        ceiling = ceiling < max ? ceiling : max;
        var half = ceiling.Ticks / 2;
        return TimeSpan.FromTicks(half + (long)(random.NextDouble() * (ceiling.Ticks - half)));
    }
}
