using System.Net;

namespace OrleansTicks.Api.Tests.Security;

public sealed class RateLimitTests
{
    // One request per second after a burst of two: a tight loop of requests is refused well within its 50 tries
    // however slow the machine (each try is far shorter than the second it takes to earn a permit back).
    private static TicksApiFactory Limited(TicksApiFactory factory) => factory
        .With("RateLimit:PermitsPerSecond", "1")
        .With("RateLimit:Burst", "2");

    [Fact]
    public async Task A_client_over_its_limit_gets_429_problem_with_retry_after()
    {
        await using var factory = Limited(QuietApi.Create());
        using var client = factory.CreateClient();

        using var refused = await FirstRefusedAsync(client, "/metrics", key: null);

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
    }

    [Fact]
    public async Task Health_endpoints_are_never_limited()
    {
        await using var factory = Limited(QuietApi.Create());
        using var client = factory.CreateClient();
        using var _ = await FirstRefusedAsync(client, "/metrics", key: null);

        for (var i = 0; i < 10; i++)
        {
            using var live = await client.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
    }

    [Fact]
    public async Task Each_api_key_has_its_own_budget()
    {
        await using var factory = Limited(ApiKeyTests.WithKeys());
        using var client = factory.CreateClient();
        using var _ = await FirstRefusedAsync(client, "/metrics", ApiKeyTests.ReadKey);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Api-Key", ApiKeyTests.AdminKey);
        using var other = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Disabled_limiting_lets_every_request_through()
    {
        await using var factory = Limited(QuietApi.Create()).With("RateLimit:Enabled", "false");
        using var client = factory.CreateClient();

        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static async Task<HttpResponseMessage> FirstRefusedAsync(HttpClient client, string path, string? key)
    {
        for (var i = 0; i < 50; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (key is not null)
            {
                request.Headers.Add("X-Api-Key", key);
            }

            var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        throw new Xunit.Sdk.XunitException($"50 requests to {path} in a row were all let through");
    }
}
