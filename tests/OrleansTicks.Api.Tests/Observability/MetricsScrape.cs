using OrleansTicks.TestKit;

namespace OrleansTicks.Api.Tests.Observability;

/// <summary>Scrapes /metrics and parses it strictly.</summary>
internal static class MetricsScrape
{
    public static async Task<PrometheusExposition> GetAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        return PrometheusExposition.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds (grains apply trades on their own turns).</summary>
    public static async Task<PrometheusExposition> UntilAsync(HttpClient client, Func<PrometheusExposition, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait.Generous;
        while (true)
        {
            var scrape = await GetAsync(client);
            if (condition(scrape))
            {
                return scrape;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for: {what}");
            }

            await Task.Delay(50);
        }
    }
}
