using OrleansTicks.Grains.Analytics;

namespace OrleansTicks.Grains.Tests.Analytics;

public sealed class MovingAveragesTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Sma_and_ema_of_three_worked_by_hand()
    {
        // Closes 2 4 6 10 4. SMA(3): -, -, (2+4+6)/3 = 4, (4+6+10)/3 = 6.667, (6+10+4)/3 = 6.667.
        // EMA(3): α = 2/4 = 0.5, seed at bar 2 = SMA = 4; bar 3: 4 + 0.5 × (10 − 4) = 7; bar 4: 7 + 0.5 × (4 − 7) = 5.5.
        var bars = TestBars.FromCloses(2m, 4m, 6m, 10m, 4m);

        AssertSeries([null, null, 4, 20.0 / 3, 20.0 / 3], MovingAverages.Sma(bars, 3));
        AssertSeries([null, null, 4, 7, 5.5], MovingAverages.Ema(bars, 3));
    }

    [Fact]
    public void Bollinger_of_three_worked_by_hand()
    {
        // Closes 2 4 6 10 4, period 3, k 2. Bar 2: mean 4, deviations −2 0 2, population variance 8/3,
        // σ = 1.63299…, bands 4 ± 3.26599…. Bar 3: mean 20/3, deviations −8/3 −2/3 10/3, variance (64+4+100)/27 = 168/27.
        var bands = MovingAverages.Bollinger(TestBars.FromCloses(2m, 4m, 6m, 10m, 4m), 3, 2);

        Assert.Equal((3, 2.0), (bands.Period, bands.K));
        Assert.Null(bands.Upper[1]);
        Assert.Null(bands.Lower[1]);
        Assert.Equal(4 + (2 * Math.Sqrt(8.0 / 3)), bands.Upper[2]!.Value, Tolerance);
        Assert.Equal(4 - (2 * Math.Sqrt(8.0 / 3)), bands.Lower[2]!.Value, Tolerance);
        Assert.Equal((20.0 / 3) + (2 * Math.Sqrt(168.0 / 27)), bands.Upper[3]!.Value, Tolerance);
        Assert.Equal(20.0 / 3, bands.Middle[3]!.Value, Tolerance);
    }

    [Fact]
    public void Series_are_all_null_when_the_window_is_shorter_than_the_period()
    {
        var bars = TestBars.FromCloses(1m, 2m, 3m);

        Assert.Equal([null, null, null], MovingAverages.Sma(bars, 4));
        Assert.Equal([null, null, null], MovingAverages.Ema(bars, 4));
        Assert.All(MovingAverages.Bollinger(bars, 4, 2).Upper, Assert.Null);
        Assert.Empty(MovingAverages.Sma([], 1));
    }

    [Fact]
    public void Period_one_averages_are_the_closes_and_constant_closes_collapse_the_bands()
    {
        var bars = TestBars.FromCloses(3m, 1m, 2m);
        AssertSeries([3, 1, 2], MovingAverages.Sma(bars, 1));
        AssertSeries([3, 1, 2], MovingAverages.Ema(bars, 1));

        var bands = MovingAverages.Bollinger(TestBars.FromCloses(7.25m, 7.25m, 7.25m), 2, 2);
        Assert.Equal([null, 7.25, 7.25], bands.Upper);
        Assert.Equal(bands.Upper, bands.Lower);
    }

    [Theory]
    [InlineData(1, 20)]
    [InlineData(2, 12)]
    [InlineData(3, 50)]
    public void Averages_and_bands_agree_with_naive_implementations_on_random_walks(int seed, int period)
    {
        var closes = MarketAnalyticsTests.RandomWalk(seed, 400);
        var bars = TestBars.FromCloses([.. closes]);
        var doubles = closes.Select(c => (double)c).ToList();

        AssertSeries(Naive.Sma(doubles, period), MovingAverages.Sma(bars, period), 1e-9);
        AssertSeries(Naive.Ema(doubles, period), MovingAverages.Ema(bars, period), 1e-9);
        var naive = Naive.Bollinger(doubles, period, 2);
        var bands = MovingAverages.Bollinger(bars, period, 2);
        AssertSeries([.. naive.Select(b => b.Upper)], bands.Upper, 1e-9);
        AssertSeries([.. naive.Select(b => b.Lower)], bands.Lower, 1e-9);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(AnalyticsOptions.MaxPeriod + 1)]
    public void Averages_reject_a_period_out_of_range(int period)
    {
        var bars = TestBars.FromCloses(1m, 2m);

        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => MovingAverages.Sma(bars, period)).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => MovingAverages.Ema(bars, period)).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => MovingAverages.Bollinger(bars, period, 2)).ParamName);
    }

    [Fact]
    public void Bollinger_rejects_a_one_bar_period_and_a_non_positive_k()
    {
        var bars = TestBars.FromCloses(1m, 2m);

        var period = Assert.Throws<ArgumentOutOfRangeException>(() => MovingAverages.Bollinger(bars, 1, 2));
        Assert.Contains("between 2 and", period.Message, StringComparison.Ordinal);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => MovingAverages.Bollinger(bars, 2, 0)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => MovingAverages.Bollinger(bars, 2, double.NaN)).ParamName);
    }

    private static void AssertSeries(IReadOnlyList<double?> expected, IReadOnlyList<double?> actual, double tolerance = Tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].HasValue, actual[i].HasValue);
            if (expected[i] is { } value)
            {
                Assert.Equal(value, actual[i]!.Value, Math.Max(tolerance, Math.Abs(value) * tolerance));
            }
        }
    }
}
