using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Analytics;

namespace OrleansTicks.Grains.Tests.Analytics;

public sealed class MarketAnalyticsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Volume_and_vwap_sum_volume_and_notional_exactly()
    {
        // Volume 10 + 5 + 0 = 15; notional 1,000.10 + 510.05 + 0 = 1,510.15; VWAP 1,510.15 / 15 = 100.67666…
        Bar[] bars =
        [
            TestBars.Bar(TestBars.Start, 100.10m, 10, notional: 1_000.10m),
            TestBars.Bar(TestBars.Start.AddMinutes(1), 102m, 5, notional: 510.05m),
            TestBars.Bar(TestBars.Start.AddMinutes(2), 103m, 0, notional: 0),
        ];

        Assert.Equal(15m, MarketAnalytics.Volume(bars));
        Assert.Equal(1_510.15m / 15m, MarketAnalytics.Vwap(bars));
    }

    [Fact]
    public void Vwap_is_null_without_volume_and_volume_zero_for_an_empty_window()
    {
        Assert.Null(MarketAnalytics.Vwap([TestBars.Bar(TestBars.Start, 10m, 0)]));
        Assert.Null(MarketAnalytics.Vwap([]));
        Assert.Equal(0m, MarketAnalytics.Volume([]));
    }

    [Fact]
    public void Volatility_is_the_sample_deviation_of_log_returns_worked_by_hand()
    {
        // Closes 100, 110, 99: r1 = ln 1.1, r2 = ln 0.9; mean = ln(0.99)/2; deviations ±ln(11/9)/2;
        // sample variance = 2 × (ln(11/9)/2)² / (2 − 1) = ln(11/9)² / 2; σ = ln(11/9) / √2 = 0.141895609…
        var volatility = MarketAnalytics.Volatility(TestBars.FromCloses(100m, 110m, 99m), periodsPerYear: 252);

        var expected = Math.Log(11.0 / 9.0) / Math.Sqrt(2);
        Assert.Equal(0.1418956095, expected, 1e-10);
        Assert.Equal(expected, volatility.Raw!.Value, Tolerance);
        Assert.Equal(expected * Math.Sqrt(252), volatility.Annualized!.Value, Tolerance); // 2.2525…
        Assert.Equal((252.0, 2), (volatility.PeriodsPerYear, volatility.Returns));
    }

    [Fact]
    public void Volatility_needs_two_returns_and_is_zero_for_constant_prices()
    {
        Assert.Null(MarketAnalytics.Volatility(TestBars.FromCloses(100m, 101m), 252).Raw);
        Assert.Null(MarketAnalytics.Volatility(TestBars.FromCloses(100m), 252).Annualized);
        Assert.Equal(0, MarketAnalytics.Volatility([], 252).Returns);

        var constant = MarketAnalytics.Volatility(TestBars.FromCloses(42.5m, 42.5m, 42.5m, 42.5m), 252);
        Assert.Equal((0.0, 0.0, 3), (constant.Raw, constant.Annualized, constant.Returns));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Volatility_rejects_a_periods_per_year_that_is_not_positive_and_finite(double periods)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => MarketAnalytics.Volatility(TestBars.FromCloses(1m, 2m, 3m), periods));
        Assert.Equal("periodsPerYear", error.ParamName);
    }

    [Fact]
    public void Trend_of_a_zigzag_worked_by_hand()
    {
        // x = 0..3, x̄ = 1.5, dx = −1.5 −0.5 0.5 1.5, Sxx = 5; closes 10 11 10 11, ȳ = 10.5, dy = ∓0.5,
        // Sxy = 0.75 − 0.25 − 0.25 + 0.75 = 1; slope = 1/5 = 0.2 per bar; Syy = 1, R² = 1² / (5 × 1) = 0.2;
        // slope% = 0.2 / 10.5 × 100 = 1.90476…; change% = 3 × that = 5.714… ≥ 0.1 → up.
        var trend = MarketAnalytics.Trend(TestBars.FromCloses(10m, 11m, 10m, 11m));

        Assert.Equal(0.2, trend.Slope!.Value, Tolerance);
        Assert.Equal(0.2 / 10.5 * 100, trend.SlopePercent!.Value, Tolerance);
        Assert.Equal(0.6 / 10.5 * 100, trend.ChangePercent!.Value, Tolerance);
        Assert.Equal(0.2, trend.R2!.Value, Tolerance);
        Assert.Equal(TrendDirection.Up, trend.Direction);
    }

    [Fact]
    public void Trend_of_a_straight_falling_line_has_r2_one_and_points_down()
    {
        // 16, 14, 12, 10: slope −2, mean 13, change = −2 × 3 / 13 = −46.15…%.
        var trend = MarketAnalytics.Trend(TestBars.FromCloses(16m, 14m, 12m, 10m));

        Assert.Equal(-2, trend.Slope!.Value, Tolerance);
        Assert.Equal(-600.0 / 13, trend.ChangePercent!.Value, 1e-10);
        Assert.Equal(1, trend.R2!.Value, Tolerance);
        Assert.Equal(TrendDirection.Down, trend.Direction);
    }

    [Theory]
    [InlineData("1000.00", "1000.40", TrendDirection.Flat)] // change 0.40 / 1000.2 = 0.04% < 0.1%
    [InlineData("1000.00", "1000.99", TrendDirection.Flat)] // 0.0989…%
    [InlineData("1000.00", "1001.01", TrendDirection.Up)]   // 0.1009…%
    [InlineData("1001.01", "1000.00", TrendDirection.Down)]
    public void Trend_is_flat_when_the_line_moves_less_than_a_tenth_of_a_percent(string first, string second, TrendDirection direction)
    {
        var bars = TestBars.FromCloses(decimal.Parse(first, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(second, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(direction, MarketAnalytics.Trend(bars).Direction);
    }

    [Fact]
    public void Trend_of_constant_prices_is_flat_with_no_r2_and_of_one_bar_is_unknown()
    {
        var constant = MarketAnalytics.Trend(TestBars.FromCloses(5m, 5m, 5m));
        Assert.Equal((0.0, TrendDirection.Flat), (constant.Slope, constant.Direction));
        Assert.Null(constant.R2);

        Assert.Equal(new TrendStats(null, null, null, null, null), MarketAnalytics.Trend(TestBars.FromCloses(5m)));
        Assert.Equal(new TrendStats(null, null, null, null, null), MarketAnalytics.Trend([]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Volatility_and_trend_agree_with_naive_implementations_on_random_walks(int seed)
    {
        var closes = RandomWalk(seed, 500);
        var bars = TestBars.FromCloses([.. closes]);
        var doubles = closes.Select(c => (double)c).ToList();

        var sigma = Naive.SampleStdDev(Naive.LogReturns(doubles));
        Assert.Equal(sigma, MarketAnalytics.Volatility(bars, 98_280).Raw!.Value, sigma * 1e-9);
        Assert.Equal(Naive.Slope(doubles), MarketAnalytics.Trend(bars).Slope!.Value, 1e-9);
    }

    [Fact]
    public void Bars_out_of_time_order_or_with_a_non_positive_close_are_rejected_by_index()
    {
        var bars = TestBars.FromCloses(1m, 2m, 3m);
        (bars[1], bars[2]) = (bars[2], bars[1]);

        var order = Assert.Throws<ArgumentException>(() => MarketAnalytics.Trend(bars));
        Assert.Equal("bars", order.ParamName);
        Assert.Contains("bar 2 starts at", order.Message, StringComparison.Ordinal);

        var zero = Assert.Throws<ArgumentException>(() => MarketAnalytics.Volatility(TestBars.FromCloses(1m, 0m, 2m), 252));
        Assert.Contains("Bar 1", zero.Message, StringComparison.Ordinal);
        Assert.Contains("prices must be positive", zero.Message, StringComparison.Ordinal);
    }

    internal static List<decimal> RandomWalk(int seed, int count)
    {
        var random = new Random(seed);
        var closes = new List<decimal> { 100m };
        while (closes.Count < count)
        {
            var step = (decimal)((random.NextDouble() - 0.5) * 0.02); // ±1% per bar, rounded to cents below
            closes.Add(Math.Max(0.01m, Math.Round(closes[^1] * (1 + step), 2)));
        }

        return closes;
    }
}
