using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansTicks.Api.Tests.Rest;

namespace OrleansTicks.Api.Tests.Security;

/// <summary>The REST API with API keys on and history answers cached for an hour.</summary>
public sealed class KeyedCachedApi() : RestApi(new()
{
    ["Rest:HistoryCacheDuration"] = "01:00:00",
    ["Auth:ApiKeys:0:Key"] = ApiKeyTests.ReadKey,
    ["Auth:ApiKeys:0:Role"] = "read",
    ["Auth:ApiKeys:1:Key"] = ApiKeyTests.AdminKey,
    ["Auth:ApiKeys:1:Role"] = "admin",
});

public sealed class KeyedRestTests(KeyedCachedApi api) : IClassFixture<KeyedCachedApi>
{
    [Fact]
    public async Task Regeneration_needs_an_admin_key_and_a_read_key_gets_403_problem()
    {
        using var client = api.Factory.CreateClient();
        var body = new { symbol = "AAPL", period = "5d", interval = "1h", seed = 1 };

        using var asReader = await PostAsync(client, ApiKeyTests.ReadKey, body);
        using var asAdmin = await PostAsync(client, ApiKeyTests.AdminKey, body);

        await ProblemAssert.IsProblemAsync(asReader, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Accepted, asAdmin.StatusCode);
        var jobId = (await asAdmin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString();
        using var status = await GetAsync(client, ApiKeyTests.ReadKey, $"/api/regenerate/{jobId}");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode); // reading a job's status is a read
    }

    [Fact]
    public async Task History_answers_are_cached_for_callers_with_a_key_and_still_refused_without_one()
    {
        using var client = api.Factory.CreateClient();
        var now = DateTime.UtcNow;
        await api.PublishAsync([api.Trade("ORCL", now.AddSeconds(-20), 150m, 1m)]);
        using var first = await GetAsync(client, ApiKeyTests.ReadKey, "/api/bars/ORCL");
        await api.PublishAsync([api.Trade("ORCL", now.AddSeconds(-10), 151m, 1m)]);

        using var again = await GetAsync(client, ApiKeyTests.AdminKey, "/api/bars/ORCL");
        using var anonymous = await GetAsync(client, key: null, "/api/bars/ORCL");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        await ProblemAssert.IsProblemAsync(anonymous, HttpStatusCode.Unauthorized);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string? key, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/regenerate") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", key);
        return client.SendAsync(request);
    }
}
