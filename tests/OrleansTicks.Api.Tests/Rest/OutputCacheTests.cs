namespace OrleansTicks.Api.Tests.Rest;

/// <summary>An API whose history answers stay cached for an hour, so that what the cache serves is certain.</summary>
public sealed class LongCacheApi() : RestApi(new() { ["Rest:HistoryCacheDuration"] = "01:00:00" });

public sealed class OutputCacheTests(LongCacheApi api) : IClassFixture<LongCacheApi>
{
    [Fact]
    public async Task History_answers_are_served_from_the_cache_per_query_and_quotes_are_not()
    {
        var now = DateTime.UtcNow;
        await api.PublishAsync([api.Trade("AVGO", now.AddSeconds(-20), 900m, 1m)]);
        var (_, search, _) = await api.GetAsync("/api/search?symbol=AVGO&period=1d");
        var (_, bars, _) = await api.GetAsync("/api/bars/AVGO");

        await api.PublishAsync([api.Trade("AVGO", now.AddSeconds(-10), 901m, 1m)]);
        var (_, searchAgain, _) = await api.GetAsync("/api/search?symbol=AVGO&period=1d");
        var (_, barsAgain, _) = await api.GetAsync("/api/bars/AVGO");
        var (_, otherQuery, _) = await api.GetAsync("/api/search?symbol=AVGO&period=1d&interval=5m");
        var (_, quote, _) = await api.GetAsync("/api/quotes/AVGO");

        Assert.Equal(search.GetRawText(), searchAgain.GetRawText());
        Assert.Equal(bars.GetRawText(), barsAgain.GetRawText());
        Assert.Equal(1, search.GetProperty("bars").EnumerateArray().Sum(b => b.GetProperty("n").GetInt32()));
        Assert.Equal(2, otherQuery.GetProperty("bars").EnumerateArray().Sum(b => b.GetProperty("n").GetInt32()));
        Assert.Equal(901m, quote.GetProperty("price").GetDecimal());
    }
}
