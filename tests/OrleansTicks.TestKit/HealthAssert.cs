using System.Net;
using System.Text.Json;
using Xunit;

namespace OrleansTicks.TestKit;

/// <summary>Checks a process's health endpoints the way Kubernetes' probes see them.</summary>
public static class HealthAssert
{
    /// <summary><c>/health/live</c> answers 200, and <c>/health/ready</c> answers 200 with a Healthy report made of
    /// exactly <paramref name="expectedChecks"/> (the report is the failure message otherwise).</summary>
    public static async Task LiveAndReadyAsync(HttpClient client, params string[] expectedChecks)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        var report = await ready.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True(ready.StatusCode == HttpStatusCode.OK, $"ready answered {ready.StatusCode}: {report}");
        using var json = JsonDocument.Parse(report);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(expectedChecks.Order(StringComparer.Ordinal), json.RootElement.GetProperty("checks").EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
    }
}
