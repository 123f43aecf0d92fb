using System.Net;
using OrleansTicks.Deploy.Tests.Apps;
using OrleansTicks.TestKit;

namespace OrleansTicks.Deploy.Tests;

public sealed class SiloEndpointTests(RunningApps apps) : IClassFixture<RunningApps>
{
    [Fact]
    public async Task Silo_process_answers_live_and_ready_with_every_ready_check_healthy()
    {
        var client = apps.Client(AppImage.Silo);

        await HealthAssert.LiveAndReadyAsync(client, "bar-store", "grain-storage", "silo");
    }

    [Fact]
    public async Task Silo_process_serves_the_runtime_meters_in_the_prometheus_text_format()
    {
        var client = apps.Client(AppImage.Silo);

        using var response = await client.GetAsync("/metrics");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE orleansticks_grains_active gauge", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_process_answers_404_for_api_paths_it_does_not_serve()
    {
        var client = apps.Client(AppImage.Silo);

        using var response = await client.GetAsync("/api/quotes/AAPL");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
