using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.GrainInterfaces.Regeneration;
using OrleansTicks.Grains.Regeneration;

namespace OrleansTicks.Grains.Tests.Regeneration;

public sealed class HistoryGeneratorTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 15, 42, 17, DateTimeKind.Utc);

    [Fact]
    public void Same_seed_gives_the_same_bars_and_another_seed_other_bars()
    {
        var plan = HistoryPlan.For(new RegenerationRequest("AAPL", "5d", "1m", 7), Now);

        var first = HistoryGenerator.Generate(plan, 7, 187.25m).ToList();
        var again = HistoryGenerator.Generate(plan, 7, 187.25m).ToList();
        var other = HistoryGenerator.Generate(plan, 8, 187.25m).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first.Select(b => b.Close), other.Select(b => b.Close));
    }

    [Theory]
    [InlineData("1d", "1m")]
    [InlineData("1y", "1d")]
    [InlineData("5y", "1wk")]
    [InlineData("max", "1mo")]
    [InlineData("1mo", "15m")]
    public void Bars_fill_the_range_at_interval_starts_are_consistent_and_end_at_the_price(string period, string interval)
    {
        var plan = HistoryPlan.For(new RegenerationRequest("MSFT", period, interval, 1), Now);
        BarInterval.TryParse(interval, out var barInterval);

        var bars = HistoryGenerator.Generate(plan, 1, 412.07m).ToList();

        Assert.Equal(plan.BarCount, bars.Count);
        Assert.Equal(plan.From, bars[0].Start);
        Assert.Equal(barInterval!.Value.StartOf(Now), barInterval.Value.Next(bars[^1].Start)); // up to the live interval
        Assert.Equal(412.07m, bars[^1].Close);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            Assert.Equal(barInterval.Value.StartOf(bar.Start), bar.Start);
            Assert.True(bar.Low > 0 && bar.Low <= Math.Min(bar.Open, bar.Close) && bar.High >= Math.Max(bar.Open, bar.Close), $"bar {bar}");
            Assert.True(bar.Volume > 0 && bar.Trades > 0 && bar.Vwap >= bar.Low && bar.Vwap <= bar.High, $"bar {bar}");
            Assert.True(bar.FirstTime >= bar.Start && bar.LastTime < bar.Start.AddMinutes(1), $"bar {bar}"); // one bars_1m row
            if (i > 0)
            {
                Assert.Equal(bars[i - 1].Close, bar.Open); // one continuous path
            }
        }
    }

    [Fact]
    public void Auto_interval_is_daily_bars_then_minutes_for_the_last_days_on_one_path()
    {
        var plan = HistoryPlan.For(new RegenerationRequest("SPY", "5y", RegenerationRequest.AutoInterval, 3, End: Now), Now);

        Assert.Equal(["1d", "1m"], plan.Segments.Select(s => s.Interval.Name));
        Assert.Equal(Now.Date.AddDays(-(RegenerationRequest.AutoMinuteDays - 1)), plan.Segments[1].From);
        Assert.Equal(new DateTime(2026, 11, 20, 15, 42, 0, DateTimeKind.Utc), plan.To);
        var bars = HistoryGenerator.Generate(plan, 3, 500m).ToList();
        Assert.Equal(plan.BarCount, bars.Count);
        Assert.Equal(500m, bars[^1].Close);
    }

    [Theory]
    [InlineData("aapl", "1d", "1m", "symbol")]
    [InlineData("", "1d", "1m", "symbol")]
    [InlineData("AAPL", "2d", "1m", "1d, 5d, 1mo, 3mo, 6mo, ytd, 1y, 2y, 5y, 10y, max")]
    [InlineData("AAPL", "1d", "2m", "1m, 5m, 15m, 30m, 1h, 1d, 1wk, 1mo, auto")]
    [InlineData("AAPL", "10y", "1m", "at most 3,000,000")]
    public void A_bad_request_is_refused_with_what_is_valid(string symbol, string period, string interval, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => HistoryPlan.For(new RegenerationRequest(symbol, period, interval, 1), Now));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
