using OrleansTicks.Grains.Feeds.Simulator;

namespace OrleansTicks.Grains.Tests.Feeds.Simulator;

/// <summary>Recomputes the calibration figures from the real histories and checks the simulator's constants against
/// them (docs/FEEDS.md lists the figures).</summary>
public sealed class SimulatorCalibrationTests
{
    private static readonly string[] SingleStocks = ["AAPL", "GOOG", "INTC"];

    [Fact]
    public void Median_volatility_is_the_geometric_mean_of_the_single_stocks_volatility()
    {
        var volatilities = SingleStocks.Select(s => History.Of(s).AnnualVolatility).ToList();

        Assert.InRange(GeometricMean(volatilities), SimulatorCalibration.MedianAnnualVolatility * 0.95, SimulatorCalibration.MedianAnnualVolatility * 1.05);
        Assert.All(volatilities, v => Assert.InRange(v, 0.25, 0.55)); // the figures docs/FEEDS.md quotes: 0.30–0.49
    }

    [Fact]
    public void Volatility_dispersion_is_the_spread_of_the_single_stocks_log_volatility()
    {
        var logs = SingleStocks.Select(s => Math.Log(History.Of(s).AnnualVolatility)).ToList();
        var mean = logs.Average();
        var sampleDeviation = Math.Sqrt(logs.Sum(l => (l - mean) * (l - mean)) / (logs.Count - 1));

        Assert.InRange(sampleDeviation, SimulatorCalibration.VolatilityDispersion * 0.8, SimulatorCalibration.VolatilityDispersion * 1.25);
    }

    [Fact]
    public void Volatility_bounds_hold_the_index_below_and_every_stock_inside()
    {
        var index = History.Of("SPY").AnnualVolatility;

        Assert.InRange(index, SimulatorCalibration.MinAnnualVolatility * 0.95, SimulatorCalibration.MinAnnualVolatility * 1.05);
        Assert.All(SingleStocks, s => Assert.InRange(History.Of(s).AnnualVolatility, SimulatorCalibration.MinAnnualVolatility, SimulatorCalibration.MaxAnnualVolatility));
    }

    [Fact]
    public void Median_start_price_is_the_geometric_mean_of_the_median_closes()
    {
        var closes = History.All.Select(h => h.MedianClose).ToList();

        Assert.InRange(GeometricMean(closes), SimulatorCalibration.MedianStartPrice * 0.9, SimulatorCalibration.MedianStartPrice * 1.1);
    }

    [Fact]
    public void Daily_volumes_at_the_default_rate_span_the_real_daily_volumes()
    {
        var real = History.All.Select(h => h.MedianDailyVolume).ToList();
        var models = new TradeGenerator(42, [.. Sp500Universe.Symbols.Select(s => s.Symbol)], new SimulatorOptions().TradesPerSecond, 0).Symbols;
        var tradesPerDay = new SimulatorOptions().TradesPerSecond * (double)SimulatorCalibration.TradingSecondsPerDay;
        var simulated = models.Select(m => m.ActivityShare * tradesPerDay * TradeSizes.MeanSize()).ToList();

        Assert.InRange(GeometricMean(real), SimulatorCalibration.ReferenceDailyVolume * 0.9, SimulatorCalibration.ReferenceDailyVolume * 1.1);
        Assert.True(simulated.Min() <= real.Min(), $"the quietest simulated symbol trades {simulated.Min():N0} a day, more than the real {real.Min():N0}");
        Assert.True(simulated.Max() >= real.Max(), $"the busiest simulated symbol trades {simulated.Max():N0} a day, less than the real {real.Max():N0}");
        Assert.True(simulated.Max() <= real.Max() * 5, $"the busiest simulated symbol trades {simulated.Max():N0} a day, far above the real {real.Max():N0}");
    }

    private static double GeometricMean(IReadOnlyCollection<double> values) => Math.Exp(values.Average(Math.Log));

    /// <summary>The figures of one daily file, from its good rows.</summary>
    private sealed record History(string Symbol, double AnnualVolatility, double MedianDailyVolume, double MedianClose)
    {
        private static readonly Lazy<Dictionary<string, History>> Loaded = new(() =>
            new[] { "AAPL", "GOOG", "INTC", "SPY" }.ToDictionary(s => s, Load));

        public static IEnumerable<History> All => Loaded.Value.Values;

        public static History Of(string symbol) => Loaded.Value[symbol];

        private static History Load(string symbol)
        {
            var bars = HistoryFiles.Read(HistoryFiles.Daily(symbol)).Where(r => r.IsGood).Select(r => r.Bar!.Value).ToList();
            var returns = bars.Zip(bars.Skip(1), (a, b) => Math.Log((double)b.Close / (double)a.Close)).ToList();
            var mean = returns.Average();
            var dailyDeviation = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Count - 1));
            return new History(
                symbol,
                dailyDeviation * Math.Sqrt(SimulatorCalibration.TradingDaysPerYear),
                Median(bars.Select(b => (double)b.Volume)),
                Median(bars.Select(b => (double)b.Close)));
        }

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }
}
