using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.TestKit;

namespace OrleansTicks.GrainInterfaces.Tests;

public sealed class BarTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Bar_merge_of_random_splits_in_random_order_equals_the_bar_of_all_trades(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var trades = Ledger.Random(seed * 1000 + round, random.Next(1, 60), TimeSpan.FromSeconds(59));
            var minute = Ledger.Start;
            var expected = BarsByDefinition.Of(trades, minute);

            // Split the ledger into random parts, build each part trade by trade, merge the parts in random order.
            var parts = trades.GroupBy(_ => random.Next(0, 4)).Select(g => g.ToList()).OrderBy(_ => random.Next()).ToList();
            var partials = parts.Select(part => part.Skip(1).Aggregate(Bar.FromTrade(part[0], minute), (bar, trade) => bar.With(trade))).ToList();
            var merged = partials.Skip(1).Aggregate(partials[0], (acc, bar) => Bar.Merge(acc, bar, minute));

            Assert.Equal(expected, merged);
        }
    }

    [Fact]
    public void Bar_merge_is_commutative_and_associative()
    {
        var minute = Ledger.Start;
        var trades = Ledger.Random(7, 3, TimeSpan.FromSeconds(59));
        var (a, b, c) = (Bar.FromTrade(trades[0], minute), Bar.FromTrade(trades[1], minute), Bar.FromTrade(trades[2], minute));

        Assert.Equal(Bar.Merge(a, b, minute), Bar.Merge(b, a, minute));
        Assert.Equal(Bar.Merge(Bar.Merge(a, b, minute), c, minute), Bar.Merge(a, Bar.Merge(b, c, minute), minute));
    }

    [Fact]
    public void Trades_at_the_same_time_open_and_close_by_trade_id()
    {
        var minute = Ledger.Start;
        var time = minute.AddSeconds(10);
        var late = new Trade("T", 2, 11m, 1m, time);
        var early = new Trade("T", 1, 10m, 1m, time);

        var bar = Bar.FromTrade(late, minute).With(early);

        Assert.Equal(10m, bar.Open);
        Assert.Equal(11m, bar.Close);
    }

    [Fact]
    public void Vwap_is_notional_over_volume_and_null_without_volume()
    {
        var minute = Ledger.Start;
        var bar = Bar.FromTrade(new Trade("T", 1, 10m, 3m, minute), minute).With(new Trade("T", 2, 20m, 1m, minute.AddSeconds(1)));
        var noVolume = Bar.FromTrade(new Trade("T", 3, 10m, 0m, minute), minute);

        Assert.Equal(12.5m, bar.Vwap);
        Assert.Null(noVolume.Vwap);
    }

    [Fact]
    public void A_vwap_that_does_not_divide_evenly_has_ten_significant_digits_and_the_exact_sum_stays()
    {
        var minute = Ledger.Start;
        var bar = Bar.FromTrade(new Trade("T", 1, 287.92m, 100m, minute), minute)
            .With(new Trade("T", 2, 288.01m, 200m, minute.AddSeconds(1)))
            .With(new Trade("T", 3, 287.99m, 4m, minute.AddSeconds(2))); // 87,545.96 / 304 = 287.98013157894…

        Assert.Equal(287.9801316m, bar.Vwap);
        Assert.Equal(87_545.96m, bar.Notional);
    }

    [Theory]
    [InlineData("5m")]
    [InlineData("15m")]
    [InlineData("30m")]
    [InlineData("1h")]
    [InlineData("1d")]
    [InlineData("1wk")]
    [InlineData("1mo")]
    public void Larger_intervals_aggregated_from_minute_bars_equal_bars_computed_from_the_trades(string name)
    {
        Assert.True(BarInterval.TryParse(name, out var interval));
        var trades = Ledger.Random(11, 20_000, TimeSpan.FromDays(75));
        var minuteBars = BarsByDefinition.OfInterval(trades, BarInterval.OneMinute);

        var aggregated = BarAggregation.Aggregate(minuteBars, interval.Value);

        Assert.Equal(BarsByDefinition.OfInterval(trades, interval.Value), aggregated);
    }

    [Theory]
    [InlineData("2026-03-04T13:47:31Z", "1m", "2026-03-04T13:47:00Z")]
    [InlineData("2026-03-04T13:47:31Z", "15m", "2026-03-04T13:45:00Z")]
    [InlineData("2026-03-04T13:47:31Z", "1h", "2026-03-04T13:00:00Z")]
    [InlineData("2026-03-04T13:47:31Z", "1d", "2026-03-04T00:00:00Z")]
    [InlineData("2026-03-04T13:47:31Z", "1wk", "2026-03-02T00:00:00Z")] // a Wednesday: the week began on Monday the 2nd
    [InlineData("2026-03-01T00:00:00Z", "1wk", "2026-02-23T00:00:00Z")] // a Sunday belongs to the week before
    [InlineData("2026-03-04T13:47:31Z", "1mo", "2026-03-01T00:00:00Z")]
    public void Interval_start_is_aligned_in_utc(string time, string name, string start)
    {
        Assert.True(BarInterval.TryParse(name, out var interval));

        var actual = interval.Value.StartOf(DateTime.Parse(time, null, System.Globalization.DateTimeStyles.AdjustToUniversal));

        Assert.Equal(DateTime.Parse(start, null, System.Globalization.DateTimeStyles.AdjustToUniversal), actual);
        Assert.Equal(DateTimeKind.Utc, actual.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1M")]
    [InlineData("2m")]
    [InlineData("1 m")]
    [InlineData(null)]
    public void Unknown_interval_names_are_not_parsed(string? name) => Assert.False(BarInterval.TryParse(name, out _));

    [Fact]
    public void Aggregating_unordered_bars_is_refused()
    {
        var trades = Ledger.Random(3, 500, TimeSpan.FromHours(3));
        var bars = BarsByDefinition.OfInterval(trades, BarInterval.OneMinute);
        bars.Reverse();

        Assert.Throws<ArgumentException>(() => BarAggregation.Aggregate(bars, BarInterval.All[1]));
    }
}
