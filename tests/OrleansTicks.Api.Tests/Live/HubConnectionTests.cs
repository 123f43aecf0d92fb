using System.Text.Json;
using OrleansTicks.TestKit;
using OrleansTicks.TestKit.Live;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>Subscriber counts across subscribe, unsubscribe, disconnect and killed clients; regeneration completions
/// that reach only the connection that asked.</summary>
public sealed class HubConnectionTests
{
    [Fact]
    public async Task Subscriber_counts_stay_exact_across_unsubscribe_disconnect_and_killed_clients()
    {
        await using var server = await LiveServer.StartAsync();
        await server.TradeAsync("MSFT", 300m); // the quote that carries the count

        var clients = new List<NodeHubClient>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var client = await NodeHubClient.ConnectAsync(server.HubUrl);
                clients.Add(client);
                await client.SubscribeAsync("MSFT");
            }

            await server.WaitForSubscribersAsync("MSFT", 4);

            await clients[0].KillAsync(); // no close handshake: the server learns of it from the transport
            await clients[1].KillAsync();
            await server.WaitForSubscribersAsync("MSFT", 2);

            await clients[2].UnsubscribeAsync("MSFT");
            await server.WaitForSubscribersAsync("MSFT", 1);

            await clients[2].SubscribeAsync("MSFT");
            await server.WaitForSubscribersAsync("MSFT", 2);

            await clients[3].DisposeAsync();
            await clients[2].KillAsync();
            await server.WaitForSubscribersAsync("MSFT", 0);
            await Wait.UntilAsync(() => server.Metrics.Connections == 0, "no open connection");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Regeneration_completion_reaches_only_the_connection_that_asked()
    {
        await using var server = await LiveServer.StartAsync();
        await using var requester = await NodeHubClient.ConnectAsync(server.HubUrl);
        await using var bystander = await NodeHubClient.ConnectAsync(server.HubUrl);
        await bystander.SubscribeAsync("AAPL");

        var jobId = (await requester.InvokeAsync("Regenerate", new { symbol = "aapl", period = "5d", interval = "1h", seed = 7 })).GetString();

        await requester.WaitForAsync(_ => requester.Messages("regenerationCompleted").Count > 0, "the completion");
        var completed = Assert.Single(requester.Messages("regenerationCompleted"));
        Assert.Equal(jobId, completed.GetProperty("jobId").GetString());
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal("AAPL", completed.GetProperty("symbol").GetString());
        Assert.True(completed.GetProperty("barCount").GetInt64() > 0);

        // A second job by the bystander: its completion goes to the bystander, and the requester gets nothing more.
        var second = (await bystander.InvokeAsync("Regenerate", new { symbol = "AAPL", period = "1d", interval = "5m", seed = 8 })).GetString();
        await bystander.WaitForAsync(_ => bystander.Messages("regenerationCompleted").Count > 0, "the bystander's completion");
        Assert.Equal(second, Assert.Single(bystander.Messages("regenerationCompleted")).GetProperty("jobId").GetString());
        Assert.Single(requester.Messages("regenerationCompleted"));
    }

    [Theory]
    [InlineData("{\"symbol\":\"AAPL\",\"period\":\"7x\",\"interval\":\"1h\",\"seed\":1}", "period")]
    [InlineData("{\"symbol\":\"AAPL\",\"period\":\"5d\",\"interval\":\"3h\",\"seed\":1}", "interval")]
    [InlineData("{\"symbol\":\"not a symbol\",\"period\":\"5d\",\"interval\":\"1h\",\"seed\":1}", "A-Z")]
    [InlineData("{\"symbol\":\"ZZZZQQ\",\"period\":\"5d\",\"interval\":\"1h\",\"seed\":1}", "not a known symbol")]
    [InlineData("{\"symbol\":\"AAPL\",\"seed\":1}", "The request is not valid: period, interval are missing.")]
    [InlineData("{\"symbol\":\"AAPL\",\"period\":\"5d\",\"interval\":\"1h\"}", "seed is missing")]
    [InlineData("{\"symbol\":\"AAPL\",\"period\":\"5d\",\"interval\":\"1h\",\"seed\":\"7\"}", "seed must be a whole number")]
    [InlineData("{\"symbol\":\"AAPL\",\"period\":5,\"interval\":\"1h\",\"seed\":7}", "period must be a string, not the number 5")]
    [InlineData("5", "it is the number 5, not a JSON object")]
    [InlineData("null", "it is null, not a JSON object")]
    public async Task Regenerate_with_bad_input_fails_with_what_was_wrong_and_the_connection_stays(string request, string expected)
    {
        await using var server = await LiveServer.StartAsync();
        await using var client = await NodeHubClient.ConnectAsync(server.HubUrl);

        var error = await Assert.ThrowsAsync<HubCallFailedException>(
            () => client.InvokeAsync("Regenerate", JsonSerializer.Deserialize<JsonElement>(request)));

        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("AAPL", (await client.SubscribeAsync("AAPL")).GetProperty("accepted")[0].GetProperty("symbol").GetString());
    }
}
