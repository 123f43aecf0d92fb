using System.Text.Json;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.TestKit;

namespace OrleansTicks.Api.Tests.Rest;

public sealed class HistoryTests(RestApi api) : IClassFixture<RestApi>
{
    private static readonly BarInterval FiveMinutes = Interval("5m");
    private static readonly BarInterval OneHour = Interval("1h");

    [Fact]
    public async Task Search_answers_the_live_bars_aggregated_to_the_interval_with_the_partial_bar_last()
    {
        var trades = RecentTrades("AAPL", 40);
        await api.PublishAsync(trades);

        var (status, body, _) = await api.GetAsync("/api/search?symbol=aapl&period=1d&interval=5m");

        Assert.Equal(200, status);
        Assert.Equal(("AAPL", "1d", "5m"), (body.GetProperty("symbol").GetString(), body.GetProperty("period").GetString(), body.GetProperty("interval").GetString()));
        var to = body.GetProperty("to").GetDateTime();
        Assert.Equal(FiveMinutes.StartOf(to.AddDays(-1)), body.GetProperty("from").GetDateTime());
        JsonBars.Equal(BarsByDefinition.OfInterval(trades, FiveMinutes), body.GetProperty("bars"));
    }

    [Fact]
    public async Task Search_uses_the_periods_default_interval_when_none_is_given()
    {
        var trades = RecentTrades("AMD", 12);
        await api.PublishAsync(trades);

        var (status, body, _) = await api.GetAsync("/api/search?symbol=AMD&period=1D");

        Assert.Equal(200, status);
        Assert.Equal("1m", body.GetProperty("interval").GetString());
        JsonBars.Equal(BarsByDefinition.OfInterval(trades, BarInterval.OneMinute), body.GetProperty("bars"));
    }

    [Fact]
    public async Task Search_joins_stored_history_with_the_grains_live_bars()
    {
        var old = OldTrades("MSFT", DateTime.UtcNow.AddDays(-3), 30);
        await api.StoreAsync(old);
        var live = RecentTrades("MSFT", 20);
        await api.PublishAsync(live);

        var (status, body, _) = await api.GetAsync("/api/search?symbol=MSFT&period=5d&interval=1h");

        Assert.Equal(200, status);
        JsonBars.Equal(BarsByDefinition.OfInterval([.. old, .. live], OneHour), body.GetProperty("bars"));
    }

    [Fact]
    public async Task Minutes_both_stored_and_held_by_the_grain_are_counted_once()
    {
        var trades = RecentTrades("ADP", 30);
        await api.PublishAsync(trades);
        var closed = BarsByDefinition.OfInterval(trades, BarInterval.OneMinute).SkipLast(1).ToList(); // all but the partial minute
        var from = closed[0].Start;
        await Wait.UntilAsync(() => api.Store.ReadAsync("ADP", from, DateTime.MaxValue).Result.Count >= closed.Count, "the closed minutes to be written");

        var (status, body, _) = await api.GetAsync("/api/search?symbol=ADP&period=1d&interval=1h");

        Assert.Equal(200, status);
        JsonBars.Equal(BarsByDefinition.OfInterval(trades, OneHour), body.GetProperty("bars"));
    }

    [Fact]
    public async Task Search_in_columnar_format_answers_finnhubs_candle_shape()
    {
        var trades = RecentTrades("NFLX", 15);
        await api.PublishAsync(trades);
        var expected = BarsByDefinition.OfInterval(trades, FiveMinutes);

        var (status, body, _) = await api.GetAsync("/api/search?symbol=NFLX&period=1d&interval=5m&format=columnar");
        var (_, none, _) = await api.GetAsync("/api/search?symbol=ORCL&period=1d&format=columnar");

        Assert.Equal(200, status);
        Assert.Equal("ok", body.GetProperty("s").GetString());
        Assert.Equal(expected.Select(b => new DateTimeOffset(b.Start).ToUnixTimeSeconds()), body.GetProperty("t").EnumerateArray().Select(t => t.GetInt64()));
        Assert.Equal(expected.Select(b => b.Open), Column(body, "o"));
        Assert.Equal(expected.Select(b => b.High), Column(body, "h"));
        Assert.Equal(expected.Select(b => b.Low), Column(body, "l"));
        Assert.Equal(expected.Select(b => b.Close), Column(body, "c"));
        Assert.Equal(expected.Select(b => b.Volume), Column(body, "v"));
        Assert.Equal("""{"s":"no_data"}""", none.GetRawText());
    }

    [Fact]
    public async Task Bars_answers_an_explicit_range_given_in_iso_8601_or_unix_seconds()
    {
        // Ten minutes into an hour, so that `from` (30 minutes later) is inside an hour whatever the time of the run: at
        // hh:30 it fell on an hour's start and the first hour held no trade before it (CI met that at 02:30).
        var day = OneHour.StartOf(DateTime.UtcNow.AddDays(-2)).AddMinutes(10);
        var trades = OldTrades("INTC", day, 180);
        await api.StoreAsync(trades);
        var (from, to) = (day.AddMinutes(30), day.AddMinutes(150));
        var expected = BarsByDefinition.OfInterval(trades.Where(t => t.Time >= from && t.Time < to), OneHour);

        var (status, body, _) = await api.GetAsync($"/api/bars/intc?interval=1h&from={from:O}&to={new DateTimeOffset(to).ToUnixTimeSeconds()}");

        Assert.Equal(200, status);
        Assert.Equal(("INTC", "1h", "none"), (body.GetProperty("symbol").GetString(), body.GetProperty("interval").GetString(), body.GetProperty("fill").GetString()));
        Assert.Equal((OneHour.StartOf(from), to), (body.GetProperty("from").GetDateTime(), body.GetProperty("to").GetDateTime()));
        // The first hour starts before `from`: it holds the trades of that whole hour.
        var firstHour = BarsByDefinition.OfInterval(trades.Where(t => t.Time >= OneHour.StartOf(from) && t.Time < to), OneHour);
        JsonBars.Equal(firstHour, body.GetProperty("bars"));
        Assert.NotEqual(expected[0], firstHour[0]);
    }

    [Theory]
    [InlineData("2026-11-20T14:30:00Z")]
    [InlineData("2026-11-20T14:30Z")]
    [InlineData("2026-11-20%2014:30:00")]
    [InlineData("2026-11-20T09:30:00-05:00")]
    [InlineData("2026-11-20T15:30:00%2B01:00")]
    [InlineData("2026-11-20T20:00:00%2B0530")]
    [InlineData("1795185000")]
    public async Task Bars_reads_each_form_of_the_same_instant_alike(string to)
    {
        var (status, body, _) = await api.GetAsync($"/api/bars/INTC?interval=1h&to={to}");

        Assert.Equal(200, status);
        Assert.Equal(new DateTime(2026, 11, 20, 14, 30, 0, DateTimeKind.Utc), body.GetProperty("to").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task Bars_fill_leaves_gaps_out_answers_them_empty_or_carries_the_previous_close()
    {
        var m0 = BarInterval.OneMinute.StartOf(DateTime.UtcNow.AddDays(-2).AddHours(-5));
        var trades = new[]
        {
            api.Trade("CSCO", m0.AddSeconds(5), 50m, 1m), api.Trade("CSCO", m0.AddMinutes(1).AddSeconds(5), 51m, 2m),
            api.Trade("CSCO", m0.AddMinutes(4).AddSeconds(5), 49m, 3m),
        };
        await api.StoreAsync(trades);
        var bars = BarsByDefinition.OfInterval(trades, BarInterval.OneMinute);
        var range = $"/api/bars/CSCO?from={m0.AddMinutes(-2):O}&to={m0.AddMinutes(6):O}";

        var (_, none, _) = await api.GetAsync(range);
        var (_, empty, _) = await api.GetAsync(range + "&fill=empty");
        var (_, carry, _) = await api.GetAsync(range + "&fill=carry");
        var (_, limited, _) = await api.GetAsync(range + "&fill=empty&limit=2");

        JsonBars.Equal(bars, none.GetProperty("bars"));
        var emptyBars = empty.GetProperty("bars").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(-2, 8).Select(i => m0.AddMinutes(i)), emptyBars.Select(b => b.GetProperty("t").GetDateTime()));
        foreach (var gap in new[] { 0, 1, 4, 5, 7 })
        {
            Assert.Equal("""{"t":"__","o":null,"h":null,"l":null,"c":null,"v":0,"vw":null,"n":0}""".Replace("__", $"{m0.AddMinutes(gap - 2):yyyy-MM-ddTHH:mm:ssZ}"), emptyBars[gap].GetRawText());
        }

        JsonBars.Equal(bars[2], emptyBars[6]);
        var carried = carry.GetProperty("bars").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 6).Select(i => m0.AddMinutes(i)), carried.Select(b => b.GetProperty("t").GetDateTime()));
        foreach (var (gap, close) in new[] { (2, 51m), (3, 51m), (5, 49m) })
        {
            Assert.Equal((close, close, close, close, 0m, JsonValueKind.Null, 0L), (
                carried[gap].GetProperty("o").GetDecimal(), carried[gap].GetProperty("h").GetDecimal(), carried[gap].GetProperty("l").GetDecimal(),
                carried[gap].GetProperty("c").GetDecimal(), carried[gap].GetProperty("v").GetDecimal(), carried[gap].GetProperty("vw").ValueKind,
                carried[gap].GetProperty("n").GetInt64()));
        }

        Assert.Equal([m0.AddMinutes(4), m0.AddMinutes(5)], limited.GetProperty("bars").EnumerateArray().Select(b => b.GetProperty("t").GetDateTime()));
    }

    [Fact]
    public async Task Bars_without_from_cover_the_day_before_to()
    {
        var trades = RecentTrades("QCOM", 10);
        await api.PublishAsync(trades);

        var (status, body, _) = await api.GetAsync("/api/bars/QCOM");

        Assert.Equal(200, status);
        var to = body.GetProperty("to").GetDateTime();
        Assert.Equal(BarInterval.OneMinute.StartOf(to.AddDays(-1)), body.GetProperty("from").GetDateTime());
        JsonBars.Equal(BarsByDefinition.OfInterval(trades, BarInterval.OneMinute), body.GetProperty("bars"));
    }

    /// <summary><paramref name="count"/> trades of the last half hour, a few per minute, prices moving.</summary>
    private List<Trade> RecentTrades(string symbol, int count)
    {
        var start = DateTime.UtcNow.AddMinutes(-30);
        return [.. Enumerable.Range(0, count).Select(i => api.Trade(symbol, start.AddSeconds(i * 1700.0 / count), 100m + (i % 7) - (i % 3 * 0.25m), 1m + (i % 5)))];
    }

    /// <summary><paramref name="count"/> trades a minute apart from <paramref name="start"/>.</summary>
    private List<Trade> OldTrades(string symbol, DateTime start, int count) =>
        [.. Enumerable.Range(0, count).Select(i => api.Trade(symbol, start.AddMinutes(i).AddSeconds(i % 50), 20m + (i % 11 * 0.5m), 10m + i))];

    private static IEnumerable<decimal> Column(JsonElement body, string name) => body.GetProperty(name).EnumerateArray().Select(v => v.GetDecimal());

    private static BarInterval Interval(string name) => BarInterval.TryParse(name, out var interval) ? interval.Value : throw new ArgumentException(name);
}
