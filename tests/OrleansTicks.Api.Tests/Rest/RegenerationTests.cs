using System.Text.Json;

namespace OrleansTicks.Api.Tests.Rest;

public sealed class RegenerationTests(RestApi api) : IClassFixture<RestApi>
{
    [Fact]
    public async Task A_regeneration_is_accepted_with_a_location_runs_to_completion_and_its_bars_are_served()
    {
        var (status, accepted, response) = await api.PostAsync("/api/regenerate", """{"symbol":"ibm","period":"5d","interval":"1h","seed":7}""");

        Assert.Equal(202, status);
        var jobId = accepted.GetProperty("jobId").GetString()!;
        Assert.Equal("queued", accepted.GetProperty("status").GetString());
        Assert.Equal($"/api/regenerate/{jobId}", response.Headers.Location?.OriginalString);

        var job = await api.FinishedJobAsync(jobId);

        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal((jobId, "IBM", "5d", "1h", 7L), (job.GetProperty("jobId").GetString(), job.GetProperty("symbol").GetString(),
            job.GetProperty("period").GetString(), job.GetProperty("interval").GetString(), job.GetProperty("seed").GetInt64()));
        Assert.Equal(1.0, job.GetProperty("progress").GetDouble());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("error").ValueKind);
        var (from, to) = (job.GetProperty("from").GetDateTime(), job.GetProperty("to").GetDateTime());
        var hours = (long)(to - from).TotalHours;
        Assert.Equal(hours, job.GetProperty("barCount").GetInt64());
        Assert.InRange(hours, 5 * 24, (5 * 24) + 1);
        Assert.True(job.GetProperty("queuedAt").GetDateTime() <= job.GetProperty("startedAt").GetDateTime());
        Assert.True(job.GetProperty("startedAt").GetDateTime() <= job.GetProperty("finishedAt").GetDateTime());

        var (_, bars, _) = await api.GetAsync($"/api/bars/IBM?interval=1h&from={from:O}&to={to:O}");
        var served = bars.GetProperty("bars").EnumerateArray().ToList();
        Assert.Equal(hours, served.Count);
        Assert.Equal(Enumerable.Range(0, (int)hours).Select(i => from.AddHours(i)), served.Select(b => b.GetProperty("t").GetDateTime()));
    }

    [Fact]
    public async Task Every_regeneration_gets_a_job_id_of_its_own()
    {
        const string Body = """{"symbol":"TXN","period":"1d","interval":"1h","seed":3}""";

        var (_, first, _) = await api.PostAsync("/api/regenerate", Body);
        var (_, second, _) = await api.PostAsync("/api/regenerate", Body);

        Assert.NotEqual(first.GetProperty("jobId").GetString(), second.GetProperty("jobId").GetString());
    }
}
