using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds.Simulator;

namespace OrleansTicks.Grains.Tests.Feeds.Simulator;

/// <summary>The statistics the model promises: volatility per √time whatever the rate, and skewed activity.</summary>
public sealed class TradeGeneratorStatisticsTests
{
    private const int Intervals = 400;
    private static readonly TimeSpan SamplingInterval = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(20)]
    [InlineData(200)]
    public void Realised_volatility_matches_each_symbol_s_configured_volatility_at_any_rate(int tradesPerSecond)
    {
        // Symbols priced high enough that the cent tick adds under 1% of variance at the sampling interval.
        var symbols = Sp500Universe.Symbols.Select(s => s.Symbol).ToArray();
        var probe = new TradeGenerator(11, symbols, tradesPerSecond, 0).Symbols;
        string[] chosen = [.. probe.Where(m => m.StartPrice > 60).Take(4).Select(m => m.Symbol)];
        var generator = new TradeGenerator(11, chosen, tradesPerSecond, 0);
        var trades = TradeGeneratorTests.Generate(generator, tradesPerSecond * (int)SamplingInterval.TotalSeconds * Intervals);

        var realised = RealisedAnnualVariance(trades, chosen);

        foreach (var model in generator.Symbols)
        {
            var expected = model.AnnualVolatility * model.AnnualVolatility;
            Assert.InRange(realised[model.Symbol], expected * 0.75, expected * 1.25);
        }
    }

    [Fact]
    public void The_ten_busiest_symbols_carry_a_large_share_of_the_trades()
    {
        var symbols = Sp500Universe.Symbols.Select(s => s.Symbol).ToArray();
        var generator = new TradeGenerator(42, symbols, 2_000, 0);
        var trades = TradeGeneratorTests.Generate(generator, 500_000);

        var counts = trades.GroupBy(t => t.Symbol).ToDictionary(g => g.Key, g => g.Count());
        var byCount = counts.Values.OrderDescending().ToList();
        var topTen = byCount.Take(10).Sum() / (double)trades.Count;
        var bottomHalf = byCount.Skip(byCount.Count - (symbols.Length / 2)).Sum() / (double)trades.Count;

        Assert.Equal(symbols.Length, counts.Count); // every symbol trades
        Assert.InRange(topTen, 0.20, 0.26); // 10 of 503 symbols: 2% of the trades if activity were even
        Assert.True(topTen > bottomHalf, $"top 10 carry {topTen:P1}, the quieter half {bottomHalf:P1}");
        var busiest = generator.Symbols.Single(m => m.ActivityRank == 1);
        Assert.InRange(counts[busiest.Symbol] / (double)trades.Count, busiest.ActivityShare * 0.95, busiest.ActivityShare * 1.05);
    }

    [Fact]
    public void The_busiest_symbols_depend_on_the_seed()
    {
        var symbols = Sp500Universe.Symbols.Select(s => s.Symbol).ToArray();

        var first = new TradeGenerator(1, symbols, 2_000, 0).Symbols.Where(m => m.ActivityRank <= 10).Select(m => m.Symbol).ToHashSet();
        var second = new TradeGenerator(2, symbols, 2_000, 0).Symbols.Where(m => m.ActivityRank <= 10).Select(m => m.Symbol).ToHashSet();

        Assert.NotEqual(first, second);
    }

    /// <summary>Σ of squared log returns between the last prices of consecutive sampling instants, per year of
    /// trading time.</summary>
    private static Dictionary<string, double> RealisedAnnualVariance(List<Trade> trades, string[] symbols)
    {
        var last = new Dictionary<string, decimal>();
        var previousSample = new Dictionary<string, decimal>();
        var sumOfSquares = symbols.ToDictionary(s => s, _ => 0.0);
        var boundary = trades[0].Time + SamplingInterval;
        var intervals = 0;
        foreach (var trade in trades)
        {
            while (trade.Time >= boundary)
            {
                foreach (var symbol in symbols)
                {
                    if (previousSample.TryGetValue(symbol, out var before) && last.TryGetValue(symbol, out var now))
                    {
                        var r = Math.Log((double)now / (double)before);
                        sumOfSquares[symbol] += r * r;
                    }

                    if (last.TryGetValue(symbol, out var sample))
                    {
                        previousSample[symbol] = sample;
                    }
                }

                intervals++;
                boundary += SamplingInterval;
            }

            last[trade.Symbol] = trade.Price;
        }

        var years = (intervals - 1) * SamplingInterval.TotalSeconds / (SimulatorCalibration.TradingDaysPerYear * (double)SimulatorCalibration.TradingSecondsPerDay);
        return sumOfSquares.ToDictionary(pair => pair.Key, pair => pair.Value / years);
    }
}
