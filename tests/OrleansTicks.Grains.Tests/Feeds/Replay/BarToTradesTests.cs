using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds.Replay;

namespace OrleansTicks.Grains.Tests.Feeds.Replay;

public sealed class BarToTradesTests
{
    private static readonly DateTime Minute = new(2019, 11, 5, 9, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Bar_closing_up_dips_to_the_low_before_the_high()
    {
        var trades = Convert(new ReplayBar(7, Minute, false, 10m, 12m, 9m, 11m, 1003m));

        Assert.Equal(
            [
                new Trade("AAPL", 28, 10m, 250m, Minute),
                new Trade("AAPL", 29, 9m, 250m, Minute.AddSeconds(15)),
                new Trade("AAPL", 30, 12m, 250m, Minute.AddSeconds(30)),
                new Trade("AAPL", 31, 11m, 253m, Minute.AddSeconds(45)),
            ],
            trades);
    }

    [Fact]
    public void Bar_closing_down_rallies_to_the_high_before_the_low()
    {
        var trades = Convert(new ReplayBar(7, Minute, false, 11m, 12m, 9m, 10m, 4m));

        Assert.Equal([11m, 12m, 9m, 10m], trades.Select(t => t.Price));
        Assert.Equal([1m, 1m, 1m, 1m], trades.Select(t => t.Size));
    }

    [Theory]
    [InlineData(10, 12, 10, 12, new[] { 10, 12 })]
    [InlineData(10, 12, 9, 10, new[] { 10, 9, 12, 10 })]
    [InlineData(12, 12, 9, 10, new[] { 12, 9, 10 })]
    [InlineData(10, 10, 10, 10, new[] { 10 })]
    [InlineData(10, 10, 9, 9, new[] { 10, 9 })]
    public void Bar_whose_prices_coincide_becomes_fewer_trades(int open, int high, int low, int close, int[] prices)
    {
        var trades = Convert(new ReplayBar(2, Minute, false, open, high, low, close, 10m));

        Assert.Equal(prices.Select(p => (decimal)p), trades.Select(t => t.Price));
        Assert.Equal(10m, trades.Sum(t => t.Size));
        Assert.Equal(Enumerable.Range(0, prices.Length).Select(j => Minute.AddSeconds(60.0 * j / prices.Length)), trades.Select(t => t.Time));
    }

    [Fact]
    public void Bar_of_zero_volume_becomes_zero_size_trades()
    {
        Assert.All(Convert(new ReplayBar(2, Minute, false, 10m, 12m, 9m, 11m, 0m)), t => Assert.Equal(0m, t.Size));
    }

    [Fact]
    public void Bar_of_fractional_volume_gives_the_remainder_to_the_last_trade()
    {
        Assert.Equal([2m, 2m, 2m, 4.5m], Convert(new ReplayBar(2, Minute, false, 10m, 12m, 9m, 11m, 10.5m)).Select(t => t.Size));
    }

    [Fact]
    public void Daily_bar_spreads_its_trades_over_the_day_and_moves_by_the_shift()
    {
        var day = new DateTime(2019, 11, 5, 0, 0, 0, DateTimeKind.Utc);

        var trades = Convert(new ReplayBar(2, day, true, 10m, 12m, 9m, 11m, 8m), TimeSpan.FromDays(3));

        Assert.Equal([day.AddDays(3), day.AddDays(3).AddHours(6), day.AddDays(3).AddHours(12), day.AddDays(3).AddHours(18)], trades.Select(t => t.Time));
    }

    [Fact]
    public void Random_bars_aggregate_back_to_themselves_exactly()
    {
        var random = new Random(1234);
        for (var i = 0; i < 2_000; i++)
        {
            var prices = Enumerable.Range(0, 4).Select(_ => random.Next(1, 6) + (random.Next(0, 1000) / 1000m)).ToList();
            var low = prices.Min();
            var high = prices.Max();
            var bar = new ReplayBar(i + 2, Minute.AddMinutes(i), false, prices[0], high, low, prices[3], random.Next(0, 3) == 0 ? 0 : random.Next(0, 1_000_000) / 10m);

            var aggregated = TradeBars.Aggregate(Convert(bar), BarInterval.OneMinute).Single();

            Assert.Equal((bar.Start, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume), (aggregated.Start, aggregated.Open, aggregated.High, aggregated.Low, aggregated.Close, aggregated.Volume));
        }
    }

    [Fact]
    public void Converting_into_too_small_a_buffer_says_how_much_room_is_needed()
    {
        var error = Assert.Throws<ArgumentException>(() => BarToTrades.Convert(new ReplayBar(2, Minute, false, 1m, 1m, 1m, 1m, 1m), "X", TimeSpan.Zero, new Trade[3]));

        Assert.StartsWith("The destination must have room for 4 trades; it has 3.", error.Message, StringComparison.Ordinal);
    }

    private static List<Trade> Convert(ReplayBar bar, TimeSpan shift = default)
    {
        var buffer = new Trade[BarToTrades.MaxTradesPerBar];
        var count = BarToTrades.Convert(bar, "AAPL", shift, buffer);
        return [.. buffer.Take(count)];
    }
}
