using System.Text.Json;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.TestKit;

namespace OrleansTicks.Api.Tests.Rest;

public sealed class MetricsTests(RestApi api) : IClassFixture<RestApi>
{
    [Fact]
    public async Task Latest_is_the_newest_minute_with_the_quotes_statistics_in_the_seed_envelope()
    {
        var minute = BarInterval.OneMinute.StartOf(DateTime.UtcNow.AddMinutes(-3));
        var trades = new[]
        {
            api.Trade("ADBE", minute.AddMinutes(-1).AddSeconds(10), 400m, 1m),
            api.Trade("ADBE", minute.AddSeconds(5), 401m, 2m),
            api.Trade("ADBE", minute.AddSeconds(50), 403m, 4m),
            api.Trade("ADBE", minute.AddSeconds(20), 399m, 3m),
        };
        await api.PublishAsync(trades);
        var expected = BarsByDefinition.Of([.. trades.Skip(1)], minute);

        var (status, body, _) = await api.GetAsync("/api/metrics/latest?symbol=adbe");

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        var data = body.GetProperty("data");
        Assert.Equal(("ADBE", minute), (data.GetProperty("symbol").GetString(), data.GetProperty("time").GetDateTime()));
        Assert.Equal((expected.Open, expected.High, expected.Low, expected.Close, expected.Volume, expected.Trades, expected.Vwap),
            (data.GetProperty("open").GetDecimal(), data.GetProperty("high").GetDecimal(), data.GetProperty("low").GetDecimal(), data.GetProperty("close").GetDecimal(),
                data.GetProperty("volume").GetDecimal(), data.GetProperty("trades").GetInt64(), (decimal?)data.GetProperty("vwap").GetDecimal()));
        Assert.Equal((403m, minute.AddSeconds(50)), (data.GetProperty("price").GetDecimal(), data.GetProperty("lastTradeAt").GetDateTime()));
        var day = trades.Where(t => t.Time.Date == minute.Date).ToList();
        Assert.Equal((day.Sum(t => t.Size), (long)day.Count), (data.GetProperty("dayVolume").GetDecimal(), data.GetProperty("dayTrades").GetInt64()));
    }

    [Fact]
    public async Task History_is_the_last_minutes_newest_first_up_to_the_limit()
    {
        var start = BarInterval.OneMinute.StartOf(DateTime.UtcNow.AddMinutes(-10));
        var trades = Enumerable.Range(0, 6).Select(i => api.Trade("CRM", start.AddMinutes(i).AddSeconds(7), 300m + i, 1m + i)).ToList();
        await api.PublishAsync(trades);
        var bars = BarsByDefinition.OfInterval(trades, BarInterval.OneMinute);

        var (status, body, _) = await api.GetAsync("/api/metrics/history?symbol=CRM&limit=4");
        var (_, all, _) = await api.GetAsync("/api/metrics/history?symbol=CRM");

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(4, body.GetProperty("data").GetProperty("count").GetInt32());
        JsonBars.Equal([.. Enumerable.Reverse(bars).Take(4)], body.GetProperty("data").GetProperty("bars"));
        JsonBars.Equal([.. Enumerable.Reverse(bars)], all.GetProperty("data").GetProperty("bars"));
    }

    [Fact]
    public async Task Status_reports_the_feed_clients_trades_bad_messages_uptime_and_last_aggregation()
    {
        var (_, before, _) = await api.GetAsync("/api/metrics/status");
        await api.PublishAsync([api.Trade("ORCL", DateTime.UtcNow.AddSeconds(-1), 120m, 5m)]);
        await api.PublishRefusedAsync(new Trade("ORCL", 999, -1m, 1m, DateTime.UtcNow));

        var (status, body, _) = await api.GetAsync("/api/metrics/status");

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        var (was, data) = (before.GetProperty("data"), body.GetProperty("data"));
        Assert.Equal(JsonValueKind.Null, data.GetProperty("feed").ValueKind); // Feed:Kind=none
        Assert.Equal(0, data.GetProperty("clients").GetProperty("connections").GetInt64());
        Assert.Equal(was.GetProperty("trades").GetProperty("published").GetInt64() + 1, data.GetProperty("trades").GetProperty("published").GetInt64());
        Assert.Equal(was.GetProperty("trades").GetProperty("applied").GetInt64() + 1, data.GetProperty("trades").GetProperty("applied").GetInt64());
        Assert.Equal(was.GetProperty("badMessages").GetProperty("rejected").GetProperty("BadPrice").GetInt64() + 1,
            data.GetProperty("badMessages").GetProperty("rejected").GetProperty("BadPrice").GetInt64());
        Assert.Equal(was.GetProperty("badMessages").GetProperty("total").GetInt64() + 1, data.GetProperty("badMessages").GetProperty("total").GetInt64());
        Assert.True(data.GetProperty("uptimeSeconds").GetDouble() >= was.GetProperty("uptimeSeconds").GetDouble());
        Assert.Equal(was.GetProperty("startedAt").GetDateTime(), data.GetProperty("startedAt").GetDateTime());
        Assert.NotEqual(JsonValueKind.Null, data.GetProperty("lastAggregation").GetProperty("lastTradeAt").ValueKind);
        Assert.True(data.GetProperty("trades").TryGetProperty("perSecond", out _));
    }
}
