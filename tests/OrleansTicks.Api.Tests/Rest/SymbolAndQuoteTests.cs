using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Api.Tests.Rest;

public sealed class SymbolAndQuoteTests(RestApi api) : IClassFixture<RestApi>
{
    [Fact]
    public async Task Symbols_finds_a_ticker_first_and_companies_by_name_in_finnhubs_shape()
    {
        var (status, body, _) = await api.GetAsync("/api/symbols?q=aapl&limit=3");
        var (_, byName, _) = await api.GetAsync("/api/symbols?q=apple");
        var (_, nothing, _) = await api.GetAsync("/api/symbols?q=zzzzqqqq");

        Assert.Equal(200, status);
        var first = body.GetProperty("result")[0];
        Assert.Equal(("AAPL", "AAPL", "NASDAQ"), (first.GetProperty("symbol").GetString(), first.GetProperty("displaySymbol").GetString(), first.GetProperty("exchange").GetString()));
        Assert.Contains("Apple", first.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(first.GetProperty("type").GetString()));
        Assert.False(first.TryGetProperty("source", out _));
        Assert.Equal(body.GetProperty("result").GetArrayLength(), body.GetProperty("count").GetInt32());
        Assert.InRange(body.GetProperty("count").GetInt32(), 1, 3);
        Assert.Contains(byName.GetProperty("result").EnumerateArray(), r => r.GetProperty("symbol").GetString() == "AAPL");
        Assert.InRange(byName.GetProperty("count").GetInt32(), 1, 20);
        Assert.Equal((0, 0), (nothing.GetProperty("count").GetInt32(), nothing.GetProperty("result").GetArrayLength()));
    }

    [Fact]
    public async Task A_quote_is_the_last_trade_and_the_days_statistics()
    {
        var now = DateTime.UtcNow;
        var trades = new[]
        {
            api.Trade("AMZN", now.AddSeconds(-50), 180.5m, 10m),
            api.Trade("AMZN", now.AddSeconds(-30), 181.25m, 5m),
            api.Trade("AMZN", now.AddSeconds(-40), 179m, 20m),
            api.Trade("AMZN", now.AddSeconds(-10), 180m, 1m),
        };
        await api.PublishAsync(trades);
        var day = trades.Where(t => t.Time.Date == now.AddSeconds(-10).Date).ToList(); // the day of the last trade

        var (status, quote, _) = await api.GetAsync("/api/quotes/amzn");

        Assert.Equal(200, status);
        Assert.Equal(("AMZN", 180m, 1m, 4L), (quote.GetProperty("symbol").GetString(), quote.GetProperty("price").GetDecimal(), quote.GetProperty("size").GetDecimal(), quote.GetProperty("tradeId").GetInt64()));
        Assert.Equal(now.AddSeconds(-10), quote.GetProperty("time").GetDateTime());
        Assert.Equal(day.OrderBy(t => t.Time).First().Price, quote.GetProperty("open").GetDecimal());
        Assert.Equal((day.Max(t => t.Price), day.Min(t => t.Price), day.Sum(t => t.Size), (long)day.Count),
            (quote.GetProperty("high").GetDecimal(), quote.GetProperty("low").GetDecimal(), quote.GetProperty("volume").GetDecimal(), quote.GetProperty("trades").GetInt64()));
        Assert.Equal(Math.Round(day.Sum(t => t.Price * t.Size) / day.Sum(t => t.Size), 7), quote.GetProperty("vwap").GetDecimal()); // 10 significant digits
        Assert.True(quote.GetProperty("seq").GetInt64() > 0);
        foreach (var field in new[] { "prevClose", "change", "changePercent", "subscribers" })
        {
            Assert.True(quote.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Quotes_of_a_list_answer_each_symbol_once_and_list_the_unknown_and_the_untraded()
    {
        var now = DateTime.UtcNow;
        await api.PublishAsync([api.Trade("META", now.AddSeconds(-5), 500m, 3m), api.Trade("TSLA", now.AddSeconds(-4), 250m, 7m)]);

        var (status, body, _) = await api.GetAsync("/api/quotes?symbols=meta, TSLA,META,NOSUCH1,PEP,");

        Assert.Equal(200, status);
        Assert.Equal(2, body.GetProperty("count").GetInt32());
        Assert.Equal([("META", 500m), ("TSLA", 250m)],
            body.GetProperty("result").EnumerateArray().Select(q => (q.GetProperty("symbol").GetString(), q.GetProperty("price").GetDecimal())));
        Assert.Equal(["NOSUCH1"], body.GetProperty("unknown").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["PEP"], body.GetProperty("noTrade").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Analytics_of_a_window_are_the_market_analytics_of_its_bars()
    {
        var start = DateTime.UtcNow.AddMinutes(-45);
        var trades = Enumerable.Range(0, 90).Select(i => api.Trade("GOOGL", start.AddSeconds(i * 29), 150m + (i % 9) - (i % 4 * 0.5m), 2m + (i % 3))).ToList();
        await api.PublishAsync(trades);
        var bars = OrleansTicks.TestKit.BarsByDefinition.OfInterval(trades, BarInterval.OneMinute);

        var (status, report, _) = await api.GetAsync("/api/analytics/googl?window=1d&interval=1m");
        var (_, byDefault, _) = await api.GetAsync("/api/analytics/GOOGL");

        Assert.Equal(200, status);
        Assert.Equal(("GOOGL", "1m", bars.Count), (report.GetProperty("symbol").GetString(), report.GetProperty("interval").GetString(), report.GetProperty("bars").GetInt32()));
        Assert.Equal(trades.Sum(t => t.Size), report.GetProperty("volume").GetDecimal());
        Assert.Equal(trades.Sum(t => t.Price * t.Size) / trades.Sum(t => t.Size), report.GetProperty("vwap").GetDecimal());
        Assert.Equal(bars.Select(b => b.Start), report.GetProperty("times").EnumerateArray().Select(t => t.GetDateTime()));
        var closes = bars.Select(b => (double)b.Close).ToList();
        var sma = closes.Skip(closes.Count - 20).Average();
        Assert.Equal(sma, report.GetProperty("sma").GetProperty("last").GetDouble(), 9);
        var to = report.GetProperty("to").GetDateTime();
        Assert.Equal(BarInterval.OneMinute.StartOf(to.AddDays(-1)), report.GetProperty("from").GetDateTime());
        Assert.Equal(("1m", bars.Count), (byDefault.GetProperty("interval").GetString(), byDefault.GetProperty("bars").GetInt32()));
    }
}
