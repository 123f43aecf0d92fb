using OrleansTicks.Grains.Feeds.Live;

namespace OrleansTicks.Grains.Tests.Feeds.Live;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Delays_double_per_attempt_up_to_the_maximum_each_in_the_upper_half_of_its_step()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new Random(3));
        double[] ceilings = [1, 2, 4, 8, 16, 32, 60, 60, 60, 60];

        for (var attempt = 0; attempt < 100; attempt++)
        {
            var ceiling = TimeSpan.FromSeconds(ceilings[Math.Min(attempt, ceilings.Length - 1)]);
            var delay = backoff.DelayFor(attempt);
            Assert.InRange(delay, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void Jitter_spreads_the_delays_of_one_attempt()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8), new Random(5));

        var delays = Enumerable.Range(0, 50).Select(_ => backoff.DelayFor(0)).Distinct().Count();

        Assert.True(delays > 40, $"{delays} distinct delays of 50");
    }

    [Fact]
    public void A_zero_minimum_reconnects_at_once()
    {
        var backoff = new ReconnectBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(5), new Random(1));

        Assert.Equal(TimeSpan.Zero, backoff.DelayFor(7));
    }
}
