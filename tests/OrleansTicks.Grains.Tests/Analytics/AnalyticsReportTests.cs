using System.Text.Json;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Analytics;

namespace OrleansTicks.Grains.Tests.Analytics;

public sealed class AnalyticsReportTests
{
    private static readonly BarInterval Daily = Interval("1d");

    [Fact]
    public void Apple_2017_daily_volatility_is_plausible_and_equals_an_independent_computation()
    {
        var bars = TestBars.AppleDaily("2017");
        Assert.Equal(251, bars.Length); // the trading days of 2017 in the file

        var report = MarketAnalytics.Analyze(bars, Daily, symbol: "AAPL");

        // Independent: log returns of the file's closes as doubles, LINQ sample deviation, × √252.
        var closes = bars.Select(bar => (double)bar.Close).ToList();
        var expected = Naive.SampleStdDev(Naive.LogReturns(closes)) * Math.Sqrt(252);
        Assert.Equal(expected, report.Volatility.Annualized!.Value, 1e-12);
        Assert.InRange(report.Volatility.Annualized!.Value, 0.10, 0.30); // a large stock's year: about 17.6%
        Assert.Equal((252.0, 250), (report.Volatility.PeriodsPerYear, report.Volatility.Returns));
        // AAPL rose from 116.15 to 169.23 over 2017.
        Assert.Equal(TrendDirection.Up, report.Trend.Direction);
        Assert.InRange(report.Trend.R2!.Value, 0.5, 1.0);
        Assert.Equal(Naive.Slope(closes), report.Trend.Slope!.Value, 1e-9);
    }

    [Fact]
    public void Report_of_apple_2017_sums_the_file_and_aligns_every_series_with_the_bars()
    {
        var bars = TestBars.AppleDaily("2017");

        var report = MarketAnalytics.Analyze(bars, Daily, new AnalyticsOptions { SmaPeriod = 50, EmaPeriod = 26 }, "AAPL");

        Assert.Equal(("AAPL", "1d", 251), (report.Symbol, report.Interval, report.Bars));
        Assert.Equal(new DateTime(2017, 1, 3, 0, 0, 0, DateTimeKind.Utc), report.From);
        Assert.Equal(new DateTime(2017, 12, 30, 0, 0, 0, DateTimeKind.Utc), report.To); // the day after the last bar
        Assert.Equal(bars.Select(bar => bar.Start), report.Times);
        Assert.Equal(bars.Sum(bar => bar.Volume), report.Volume);
        Assert.Equal(bars.Sum(bar => bar.Close * bar.Volume) / bars.Sum(bar => bar.Volume), report.Vwap);
        Assert.All(new[] { report.Sma.Values, report.Ema.Values, report.Bollinger.Upper, report.Bollinger.Middle, report.Bollinger.Lower }, series => Assert.Equal(251, series.Count));
        Assert.Equal((50, 26, 20), (report.Sma.Period, report.Ema.Period, report.Bollinger.Period));
        Assert.Null(report.Sma.Values[48]);
        Assert.NotNull(report.Sma.Values[49]);
        Assert.Equal(report.Sma.Values[^1], report.Sma.Last);
        Assert.Equal(report.Ema.Values[^1], report.Ema.Last);
        Assert.InRange(report.Sma.Last!.Value, 150, 180);
    }

    [Fact]
    public void Report_of_an_empty_window_has_zero_volume_and_no_statistics()
    {
        var report = MarketAnalytics.Analyze([], Interval("1m"));

        Assert.Equal((0, 0m), (report.Bars, report.Volume));
        Assert.Null(report.From);
        Assert.Null(report.To);
        Assert.Null(report.Vwap);
        Assert.Null(report.Volatility.Raw);
        Assert.Equal(98_280, report.Volatility.PeriodsPerYear);
        Assert.Null(report.Trend.Direction);
        Assert.Empty(report.Sma.Values);
        Assert.Null(report.Sma.Last);
        Assert.Null(report.Ema.Last);
        Assert.Empty(report.Bollinger.Upper);
    }

    [Fact]
    public void Report_of_one_bar_has_its_volume_and_vwap_but_no_trend_or_volatility()
    {
        var bar = TestBars.Bar(TestBars.Start, 10m, 3, notional: 30.3m);

        var report = MarketAnalytics.Analyze([bar], Interval("5m"));

        Assert.Equal((1, 3m, 10.1m), (report.Bars, report.Volume, report.Vwap));
        Assert.Equal(TestBars.Start.AddMinutes(5), report.To);
        Assert.Null(report.Volatility.Raw);
        Assert.Null(report.Trend.Slope);
        Assert.Equal([null], report.Sma.Values);
    }

    [Fact]
    public void Report_uses_the_periods_per_year_override_for_a_24_7_market()
    {
        var bars = TestBars.FromCloses(100m, 101m, 100.5m, 102m);

        var report = MarketAnalytics.Analyze(bars, Interval("1m"), new AnalyticsOptions { PeriodsPerYear = 525_600 });

        Assert.Equal(525_600, report.Volatility.PeriodsPerYear);
        Assert.Equal(report.Volatility.Raw!.Value * Math.Sqrt(525_600), report.Volatility.Annualized!.Value, 1e-12);
    }

    [Fact]
    public void Report_serializes_with_stable_camel_case_names_and_lowercase_direction()
    {
        var report = MarketAnalytics.Analyze(TestBars.FromCloses(10m, 11m, 12m), Interval("1m"), new AnalyticsOptions { SmaPeriod = 2 }, "AAPL");

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report));
        var root = json.RootElement;

        Assert.Equal(
            ["symbol", "interval", "from", "to", "bars", "times", "volume", "vwap", "volatility", "trend", "sma", "ema", "bollinger"],
            root.EnumerateObject().Select(property => property.Name));
        Assert.Equal("up", root.GetProperty("trend").GetProperty("direction").GetString());
        Assert.Equal(["raw", "annualized", "periodsPerYear", "returns"], root.GetProperty("volatility").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["period", "values", "last"], root.GetProperty("sma").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["period", "k", "upper", "middle", "lower"], root.GetProperty("bollinger").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("sma").GetProperty("values")[0].ValueKind);
        Assert.Equal(10.5, root.GetProperty("sma").GetProperty("values")[1].GetDouble());
    }

    [Theory]
    [InlineData("1m", 98_280)]  // 252 × 390
    [InlineData("5m", 19_656)]
    [InlineData("15m", 6_552)]
    [InlineData("30m", 3_276)]
    [InlineData("1h", 1_638)]   // 252 × 6.5
    [InlineData("1d", 252)]
    [InlineData("1wk", 52)]
    [InlineData("1mo", 12)]
    public void Periods_per_year_follow_the_us_trading_calendar(string interval, double periods) =>
        Assert.Equal(periods, Annualization.PeriodsPerYear(Interval(interval)), 1e-9);

    [Theory]
    [InlineData(0, 12, 20, 2.0, "SmaPeriod")]
    [InlineData(20, 0, 20, 2.0, "EmaPeriod")]
    [InlineData(20, 12, 1, 2.0, "BollingerPeriod")]
    [InlineData(20, 12, 20, 0.0, "BollingerK")]
    [InlineData(20, 12, 20, -1.0, "BollingerK")]
    [InlineData(20, 12, AnalyticsOptions.MaxPeriod + 1, 2.0, "BollingerPeriod")]
    public void Options_out_of_range_are_rejected_naming_the_setting(int sma, int ema, int bollinger, double k, string setting)
    {
        var options = new AnalyticsOptions { SmaPeriod = sma, EmaPeriod = ema, BollingerPeriod = bollinger, BollingerK = k };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => MarketAnalytics.Analyze(TestBars.FromCloses(1m), Daily, options));

        Assert.Equal(setting, error.ParamName);
        Assert.Contains($"AnalyticsOptions.{setting} must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_reject_a_periods_per_year_that_is_not_positive()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AnalyticsOptions { PeriodsPerYear = 0 }.Validate());

        Assert.Equal("PeriodsPerYear", error.ParamName);
    }

    [Fact]
    public void Default_options_are_sma_20_ema_12_and_bollinger_20_by_2()
    {
        var options = AnalyticsOptions.Default;

        Assert.Equal((20, 12, 20, 2.0), (options.SmaPeriod, options.EmaPeriod, options.BollingerPeriod, options.BollingerK));
        Assert.Null(options.PeriodsPerYear);
    }

    private static BarInterval Interval(string name) =>
        BarInterval.TryParse(name, out var interval) ? interval.Value : throw new ArgumentException($"no interval {name}", nameof(name));
}
