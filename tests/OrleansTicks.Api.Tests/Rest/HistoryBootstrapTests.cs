namespace OrleansTicks.Api.Tests.Rest;

/// <summary>The API with the simulated feed and no output cache.</summary>
public sealed class SimulatedApi() : RestApi(new()
{
    ["Feed:Kind"] = "simulator",
    ["Feed:Simulator:TradesPerSecond"] = "200",
    ["Rest:HistoryCacheDuration"] = "00:00:00",
});

public sealed class HistoryBootstrapTests(SimulatedApi api) : IClassFixture<SimulatedApi>
{
    [Fact]
    public async Task With_the_simulator_a_search_for_a_symbol_without_history_starts_its_history_job()
    {
        var (status, first, _) = await api.GetAsync("/api/search?symbol=JPM&period=1mo&interval=1d");

        Assert.Equal(200, status);
        var jobId = first.GetProperty("historyJobId").GetString()!;
        var job = await api.FinishedJobAsync(jobId);
        Assert.Equal("completed", job.GetProperty("status").GetString());

        var (_, second, _) = await api.GetAsync("/api/search?symbol=JPM&period=1mo&interval=1d");

        Assert.False(second.TryGetProperty("historyJobId", out _));
        var days = second.GetProperty("bars").EnumerateArray().Select(b => b.GetProperty("t").GetDateTime()).ToList();
        Assert.True(days.Count >= 28, $"{days.Count} daily bars");
        Assert.Equal(days.Order(), days);
        Assert.True(days[0] < job.GetProperty("to").GetDateTime().AddDays(-27));
    }
}
