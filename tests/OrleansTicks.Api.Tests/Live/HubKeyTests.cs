using OrleansTicks.Api.Tests.Security;
using OrleansTicks.TestKit.Live;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>The hub with API keys on: a key is needed to connect (sent by the real client as its access token), and
/// regeneration needs an admin key.</summary>
public sealed class HubKeyTests
{
    private static readonly Dictionary<string, string?> Keys = new()
    {
        ["Auth:ApiKeys:0:Key"] = ApiKeyTests.ReadKey,
        ["Auth:ApiKeys:0:Role"] = "read",
        ["Auth:ApiKeys:1:Key"] = ApiKeyTests.AdminKey,
        ["Auth:ApiKeys:1:Role"] = "admin",
    };

    [Fact]
    public async Task Without_a_key_the_client_cannot_connect_and_a_read_key_watches_but_cannot_regenerate()
    {
        await using var server = await LiveServer.StartAsync(Keys);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeHubClient.ConnectAsync(server.HubUrl));
        await using var reader = await NodeHubClient.ConnectAsync(server.HubUrl, ApiKeyTests.ReadKey);
        await using var admin = await NodeHubClient.ConnectAsync(server.HubUrl, ApiKeyTests.AdminKey);
        var request = new { symbol = "AAPL", period = "5d", interval = "1h", seed = 3 };

        var subscribed = await reader.SubscribeAsync("AAPL");
        var denied = await Assert.ThrowsAsync<HubCallFailedException>(() => reader.InvokeAsync("Regenerate", request));
        var jobId = (await admin.InvokeAsync("Regenerate", request)).GetString();

        Assert.Contains("failed to connect", refused.Message, StringComparison.Ordinal); // the JS client hides the status
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var anonymous = await http.PostAsync(new Uri("/hubs/ticks/negotiate?negotiateVersion=1", UriKind.Relative), null);
        using var keyed = await http.PostAsync(new Uri($"/hubs/ticks/negotiate?negotiateVersion=1&access_token={ApiKeyTests.ReadKey}", UriKind.Relative), null);
        await ProblemAssert.IsProblemAsync(anonymous, System.Net.HttpStatusCode.Unauthorized);
        Assert.Equal(System.Net.HttpStatusCode.OK, keyed.StatusCode);
        Assert.Equal("AAPL", subscribed.GetProperty("accepted")[0].GetProperty("symbol").GetString());
        Assert.Contains("unauthorized", denied.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrEmpty(jobId));
    }
}
