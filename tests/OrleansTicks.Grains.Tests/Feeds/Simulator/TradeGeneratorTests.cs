using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds.Simulator;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Feeds.Simulator;

public sealed class TradeGeneratorTests
{
    private static readonly DateTime Origin = new(2026, 1, 5, 14, 30, 0, DateTimeKind.Utc);

    private static string[] AllSymbols => [.. Sp500Universe.Symbols.Select(s => s.Symbol)];

    [Fact]
    public void Generator_with_the_same_seed_produces_the_same_trades()
    {
        var first = Generate(new TradeGenerator(7, AllSymbols, 2_000, 0), 20_000);
        var second = Generate(new TradeGenerator(7, AllSymbols, 2_000, 0), 20_000);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Generator_with_another_seed_produces_other_trades()
    {
        var first = Generate(new TradeGenerator(7, AllSymbols, 2_000, 0), 1_000);
        var second = Generate(new TradeGenerator(8, AllSymbols, 2_000, 0), 1_000);

        var same = first.Zip(second).Count(pair => pair.First.Symbol == pair.Second.Symbol && pair.First.Price == pair.Second.Price);
        Assert.True(same < 50, $"{same} of 1,000 trades coincide in symbol and price");
    }

    [Fact]
    public void Generator_in_batches_of_any_size_produces_the_same_sequence()
    {
        var whole = Generate(new TradeGenerator(3, AllSymbols, 2_000, 0), 10_000);
        var generator = new TradeGenerator(3, AllSymbols, 2_000, 0);
        var pieces = new List<Trade>();
        foreach (var size in new[] { 1, 7, 4_000, 5_992 })
        {
            var batch = new Trade[size];
            generator.FillVirtual(batch, Origin);
            pieces.AddRange(batch);
        }

        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Generator_prices_are_positive_on_the_cent_and_sizes_positive_whole_shares()
    {
        var trades = Generate(new TradeGenerator(42, AllSymbols, 2_000, 0), 200_000);

        Assert.All(trades, trade =>
        {
            Assert.True(trade.Price >= 0.01m, $"{trade.Symbol} printed {trade.Price}");
            Assert.Equal(decimal.Truncate(trade.Price * 100), trade.Price * 100);
            Assert.InRange(trade.Size, 1m, 2_500m);
            Assert.Equal(decimal.Truncate(trade.Size), trade.Size);
        });
    }

    [Fact]
    public void Generator_mixes_round_lots_and_odd_lots_around_the_calibrated_mean_size()
    {
        var trades = Generate(new TradeGenerator(42, AllSymbols, 2_000, 0), 200_000);

        var oddShare = trades.Count(t => t.Size % 100 != 0) / (double)trades.Count;
        var meanSize = (double)trades.Average(t => t.Size);
        Assert.InRange(oddShare, 0.33, 0.37);
        Assert.InRange(meanSize, TradeSizes.MeanSize() * 0.97, TradeSizes.MeanSize() * 1.03);
    }

    [Fact]
    public void Generator_ids_are_unique_per_symbol_and_increase_from_the_base()
    {
        const long idBase = 1_767_623_400_000_000;
        var trades = Generate(new TradeGenerator(42, AllSymbols, 2_000, idBase), 50_000);

        foreach (var group in trades.GroupBy(t => t.Symbol))
        {
            var ids = group.Select(t => t.TradeId).ToList();
            Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => idBase + i), ids);
        }
    }

    [Fact]
    public void Generator_virtual_times_are_k_over_the_rate_after_the_origin()
    {
        var trades = Generate(new TradeGenerator(42, AllSymbols, 3, 0), 7);

        Assert.Equal(
            Enumerable.Range(1, 7).Select(k => Origin + TimeSpan.FromTicks(k * TimeSpan.TicksPerSecond / 3)),
            trades.Select(t => t.Time));
    }

    [Fact]
    public void Generator_allocates_nothing_per_trade()
    {
        var generator = new TradeGenerator(42, AllSymbols, 2_000, 0);
        var batch = new Trade[256];
        generator.Fill(batch, Origin); // first call outside the measurement: JIT and statics

        Allocations.AssertNonePerItem(800 * batch.Length, "generating 800 batches", () =>
        {
            for (var i = 0; i < 400; i++)
            {
                generator.Fill(batch, Origin);
                generator.FillVirtual(batch, Origin);
            }
        });
    }

    [Fact]
    public void Generator_stamps_every_trade_of_a_batch_with_the_given_time()
    {
        var generator = new TradeGenerator(42, AllSymbols, 2_000, 0);
        var batch = new Trade[100];

        generator.Fill(batch, Origin);

        Assert.All(batch, trade => Assert.Equal(Origin, trade.Time));
    }

    [Fact]
    public void Generator_models_keep_a_symbol_s_volatility_and_start_price_in_any_subset()
    {
        var all = new TradeGenerator(42, AllSymbols, 2_000, 0).Symbols.ToDictionary(s => s.Symbol);
        var subset = new TradeGenerator(42, ["MSFT", "AAPL"], 2_000, 0).Symbols;

        Assert.All(subset, model =>
        {
            Assert.Equal(all[model.Symbol].AnnualVolatility, model.AnnualVolatility);
            Assert.Equal(all[model.Symbol].StartPrice, model.StartPrice);
        });
    }

    [Fact]
    public void Generator_models_spread_volatility_and_start_prices_within_the_calibrated_bounds()
    {
        var models = new TradeGenerator(42, AllSymbols, 2_000, 0).Symbols;

        Assert.All(models, m => Assert.InRange(m.AnnualVolatility, SimulatorCalibration.MinAnnualVolatility, SimulatorCalibration.MaxAnnualVolatility));
        Assert.All(models, m => Assert.InRange(m.StartPrice, SimulatorCalibration.MinStartPrice, SimulatorCalibration.MaxStartPrice));
        var medianVolatility = models.Select(m => m.AnnualVolatility).Order().ElementAt(models.Count / 2);
        var medianPrice = models.Select(m => m.StartPrice).Order().ElementAt(models.Count / 2);
        Assert.InRange(medianVolatility, SimulatorCalibration.MedianAnnualVolatility * 0.9, SimulatorCalibration.MedianAnnualVolatility * 1.1);
        Assert.InRange(medianPrice, SimulatorCalibration.MedianStartPrice * 0.75, SimulatorCalibration.MedianStartPrice * 1.33);
        Assert.True(models.Select(m => m.StartPrice).Max() / models.Select(m => m.StartPrice).Min() > 20, "start prices should spread over more than a factor of 20");
    }

    internal static List<Trade> Generate(TradeGenerator generator, int count)
    {
        var trades = new Trade[count];
        generator.FillVirtual(trades, Origin);
        return [.. trades];
    }
}
