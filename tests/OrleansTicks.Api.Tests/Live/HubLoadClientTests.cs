using System.Diagnostics;
using System.Text.Json;
using OrleansTicks.HubLoad;
using OrleansTicks.TestKit;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>The load harness's hand-spoken hub clients (bench/OrleansTicks.HubLoad, bench/load/hubload.c) against a
/// live hub: their figures are only worth something if they shake hands, subscribe, count rejections and read each
/// quote's trade time as the official clients do. A second quote of the same trade may come: the grain publishes one
/// when the node's subscriber count reaches it, which may land after the trade. It carries the same trade time, so
/// every quote measured must be at least 2 s old.</summary>
public sealed class HubLoadClientTests
{
    [Fact]
    public async Task The_raw_load_client_subscribes_counts_rejections_and_measures_from_the_quotes_trade_time()
    {
        // A long bar-close grace: a tick closing the trade's bar would send a second bar (the count waited for is 1).
        await using var server = await LiveServer.StartAsync(new() { ["Market:BarCloseGrace"] = "00:10:00" });
        var stats = new LoadStats(slowMs: 1_000);
        await using var client = new RawHubConnection(new UriBuilder(server.HubUrl) { Scheme = "ws" }.Uri, key: null, stats);

        var rejected = await client.StartAsync(["AAPL", "NOPE1", "not a symbol"], CancellationToken.None).Within();
        var window = stats.StartWindow();
        // Stamped 2 s ago: the measured delay can only reach 2,000 ms if the client read this trade's time.
        await server.TradeAsync("AAPL", 187.25m, time: DateTime.UtcNow.AddSeconds(-2));
        await Wait.UntilAsync(() => stats.Quotes >= 1 && stats.Bars == 1, () => $"the trade's quote and bar (saw {stats.Quotes} and {stats.Bars})");
        await client.PingAsync(CancellationToken.None).Within(); // the hub protocol's keep-alive is accepted
        var result = stats.EndWindow(window);

        Assert.Equal(2, rejected);
        Assert.InRange(result.LatencyMs!.Samples, 1, 2);
        Assert.InRange(result.LatencyMs.P50, 2_000, 2_000 + Wait.Generous.TotalMilliseconds);
        Assert.InRange(result.LatencyMs.Max, 2_000, 2_000 + Wait.Generous.TotalMilliseconds);
        Assert.NotEmpty(result.SlowQuotes!);
        Assert.All(result.SlowQuotes!, slow => Assert.Equal("AAPL", slow.Symbol));
        Assert.Empty(result.Errors);
        Assert.Equal(1, server.CountOnThisNode("AAPL"));
    }

    [Fact]
    public async Task The_c_load_client_subscribes_counts_rejections_and_measures_from_the_quotes_trade_time()
    {
        await using var server = await LiveServer.StartAsync();
        var directory = Directory.CreateTempSubdirectory("orleansticks-hubload-");
        try
        {
            var binary = Path.Combine(directory.FullName, "hubload");
            await RunToEndAsync("gcc", ["-O2", "-Wall", "-Wextra", "-Werror", "-o", binary, RepositoryRoot.Path("bench", "load", "hubload.c")]);

            // Two connections, each given the three symbols; the window ends once both have measured a quote.
            using var client = Process.Start(new ProcessStartInfo(binary,
            [
                "--port", new Uri(server.HubUrl).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--connections", "2", "--per", "3", "--symbols", "AAPL,NOPE1,not a symbol", "--warmup", "0", "--duration", "600", "--quotes", "2",
            ])
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var output = client.StandardOutput.ReadToEndAsync();
            Assert.Equal("subscribed", await client.StandardError.ReadLineAsync().Within());
            Assert.Equal(2, server.CountOnThisNode("AAPL")); // both connections watch it (it exits once both got the quote)
            // Stamped 2 s ago: the measured delay can only reach 2,000 ms if the client read this trade's time.
            await server.TradeAsync("AAPL", 187.25m, time: DateTime.UtcNow.AddSeconds(-2));
            await client.WaitForExitAsync().Within();

            Assert.Equal(0, client.ExitCode);
            var result = JsonDocument.Parse(await output).RootElement;
            Assert.Equal((2, 0, 4), (result.GetProperty("connectionsOpened").GetInt32(), result.GetProperty("connectionsFailed").GetInt32(),
                result.GetProperty("symbolsRejected").GetInt32()));
            var latency = result.GetProperty("latencyMs");
            Assert.InRange(latency.GetProperty("samples").GetInt32(), 2, 4); // each connection's quote, and maybe the count's
            Assert.InRange(latency.GetProperty("p50").GetDouble(), 2_000, 2_000 + Wait.Generous.TotalMilliseconds);
            Assert.InRange(latency.GetProperty("max").GetDouble(), 2_000, 2_000 + Wait.Generous.TotalMilliseconds);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task RunToEndAsync(string program, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{program} did not start (scripts/test.sh installs gcc)");
        var errors = await process.StandardError.ReadToEndAsync().Within();
        await process.WaitForExitAsync().Within();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed: {errors}");
    }
}
