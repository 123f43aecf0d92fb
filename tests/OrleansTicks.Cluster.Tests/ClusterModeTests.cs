using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansTicks.Runtime.Cluster.Partitioning;
using OrleansTicks.TestKit.Live;
using Xunit.Abstractions;

namespace OrleansTicks.Cluster.Tests;

/// <summary>The product in cluster mode: silo and api processes over a real RabbitMQ and PostgreSQL.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterModeTests(RabbitMqFixture broker, ITestOutputHelper output)
{
    private static readonly string[] Symbols =
        ["AAPL", "MSFT", "AMZN", "GOOGL", "META", "NVDA", "JPM", "V", "JNJ", "WMT", "PG", "XOM", "MA", "HD", "CVX", "KO", "PEP", "ABBV", "MRK", "COST", "AVGO", "ADBE", "CRM", "NFLX"];

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Feed__Kind"] = "simulator",
        ["Feed__Simulator__Symbols"] = string.Join(',', Symbols),
        ["Feed__Simulator__TradesPerSecond"] = "400",
        // The api nodes renew their observers every 2 s (default 30 s), so that after a silo dies the symbols it held
        // are observed again on their new silo within the test's patience.
        ["Hub__RenewInterval"] = "00:00:02",
    };

    [Fact]
    public async Task Silos_and_api_nodes_share_the_partitions_serve_every_silos_symbols_and_carry_on_through_a_join_a_kill_and_a_leave()
    {
        await using var cluster = await ProcessCluster.CreateAsync(broker);
        string[] silos = ["silo-0", "silo-1", "silo-2"];
        foreach (var silo in silos)
        {
            cluster.StartSilo(silo, Settings);
        }

        var apis = new[] { cluster.StartApi("api-0", Settings), cluster.StartApi("api-1", Settings) };
        await Task.WhenAll(cluster.Nodes.Select(n => n.ReadyAsync()));
        var owners = Symbols.ToDictionary(s => s, s => RendezvousOwnership.Owner(PartitionHash.Partition(s, ProcessCluster.Partitions), silos));
        Assert.Equal(silos, owners.Values.Distinct().Order(StringComparer.Ordinal)); // the symbols span every silo

        // Every symbol gets quotes, whichever silo owns it, through either api node.
        var started = DateTime.UtcNow;
        foreach (var api in apis)
        {
            await QuotesAfterAsync(api, Symbols, started);
        }

        // A SignalR client (the real JavaScript one) on the second api node gets live quotes of every silo's symbols.
        await using var client = await NodeHubClient.ConnectAsync(new Uri(apis[1].BaseAddress, "/hubs/ticks").ToString());
        var subscribed = await client.SubscribeAsync(Symbols);
        Assert.Equal(Symbols.Length, subscribed.GetProperty("accepted").GetArrayLength());
        await LiveQuotesAsync(client, Symbols, fromEvent: 0);

        // Every partition is owned by exactly one silo, as rendezvous hashing assigns it, and every silo owns some.
        var before = await PartitionsSettledAsync(apis[0], silos);
        Assert.All(silos, silo => Assert.NotEmpty(before[silo]));

        // A fourth silo takes exactly the partitions rendezvous hashing gives it; nothing moves between the others.
        var joinedAt = DateTime.UtcNow;
        var fourth = cluster.StartSilo("silo-3", Settings);
        await fourth.ReadyAsync();
        silos = [.. silos, "silo-3"];
        var after = await PartitionsSettledAsync(apis[0], silos);
        foreach (var silo in silos[..3])
        {
            Assert.Subset(before[silo].ToHashSet(), after[silo].ToHashSet()); // after ⊆ before
        }

        Assert.Equal(before.Values.SelectMany(p => p).Except(silos[..3].SelectMany(s => after[s])).Order(), after["silo-3"]);
        Assert.NotEmpty(after["silo-3"]);
        await QuotesAfterAsync(apis[1], Symbols, joinedAt);

        var leader = await LeaderAsync(apis[0], since: started);
        Assert.Contains(leader, silos);
        output.WriteLine($"feed leader: {leader}; owners: {string.Join(", ", owners.Select(o => $"{o.Key}={o.Value}"))}");

        // SIGKILL of the leader: another silo leads, and the dead silo's symbols move to the others and trade again.
        var killedAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        cluster.Nodes.Single(n => n.Name == leader).Kill();
        var successor = await LeaderAsync(apis[1], since: killedAt);
        output.WriteLine($"after SIGKILL of {leader}: {successor} leads, reported {clock.Elapsed.TotalSeconds:F1} s after the kill");
        Assert.NotEqual(leader, successor);
        var eventsAtKill = client.Events.Count;
        await QuotesAfterAsync(apis[0], Symbols, killedAt);
        output.WriteLine($"every symbol traded again {clock.Elapsed.TotalSeconds:F1} s after the kill");
        await LiveQuotesAsync(client, Symbols, fromEvent: eventsAtKill);
        output.WriteLine($"the SignalR client had live quotes of every symbol again {clock.Elapsed.TotalSeconds:F1} s after the kill");
        await PartitionsSettledAsync(apis[1], [.. silos.Where(x => x != leader)]);
        output.WriteLine($"the status showed {leader}'s partitions owned by the others {clock.Elapsed.TotalSeconds:F1} s after the kill");

        // SIGTERM of another silo: it leaves cleanly (exit code 0) and its symbols carry on with the last one.
        var leaving = cluster.Nodes.First(n => silos.Contains(n.Name) && n.Name != leader && n.Name != successor);
        var terminatedAt = DateTime.UtcNow;
        leaving.Terminate();
        await leaving.WaitForExitAsync();
        Assert.True(leaving.ExitCode == 0, $"{leaving.Name} exited with {leaving.ExitCode}:\n{leaving.Output}");
        await QuotesAfterAsync(apis[1], Symbols, terminatedAt);
        Assert.All(apis, api => Assert.False(api.HasExited, api.Output));
    }

    /// <summary>Waits until every one of <paramref name="symbols"/> has a quote from a trade after <paramref name="after"/>.</summary>
    private static Task QuotesAfterAsync(NodeProcess api, string[] symbols, DateTime after)
    {
        var missing = symbols;
        return Wait.UntilAsync(() =>
        {
            using var response = api.Http.GetAsync($"/api/quotes?symbols={string.Join(',', symbols)}").GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            using var body = JsonDocument.Parse(response.Content.ReadAsStream());
            var fresh = body.RootElement.GetProperty("result").EnumerateArray()
                .Where(q => q.GetProperty("time").GetDateTime().ToUniversalTime() > after)
                .Select(q => q.GetProperty("symbol").GetString()!)
                .ToHashSet(StringComparer.Ordinal);
            missing = [.. symbols.Where(s => !fresh.Contains(s))];
            return missing.Length == 0;
        }, $"quotes after {after:O} through {api.Name} for every symbol (missing: {string.Join(',', missing)})");
    }

    /// <summary>Waits until the silos reporting to the cluster status are exactly <paramref name="silos"/>, each owning
    /// what rendezvous hashing over them assigns (so every partition has exactly one owner); returns who owns what.</summary>
    private static async Task<Dictionary<string, int[]>> PartitionsSettledAsync(NodeProcess api, string[] silos)
    {
        var owned = new Dictionary<string, int[]>();
        await Wait.UntilAsync(() =>
        {
            var status = api.Http.GetFromJsonAsync<JsonElement>("/api/metrics/status").GetAwaiter().GetResult();
            owned = status.GetProperty("data").GetProperty("cluster").GetProperty("silos").EnumerateArray().ToDictionary(
                silo => silo.GetProperty("id").GetString()!,
                silo => silo.GetProperty("partitions").EnumerateArray().Select(p => p.GetInt32()).ToArray());
            return owned.Count == silos.Length && silos.All(silo =>
                owned.TryGetValue(silo, out var partitions) && partitions.SequenceEqual(RendezvousOwnership.Owned(silo, silos, ProcessCluster.Partitions)));
        }, $"the partitions to settle over {string.Join(',', silos)} (reported: {string.Join("; ", owned.Select(o => $"{o.Key}={string.Join(',', o.Value)}"))})");
        Assert.Equal(Enumerable.Range(0, ProcessCluster.Partitions), owned.Values.SelectMany(p => p).Order());
        return owned;
    }

    /// <summary>Waits until <paramref name="client"/> has received a live quote of every one of <paramref name="symbols"/>
    /// among its events from index <paramref name="fromEvent"/> on.</summary>
    private static Task LiveQuotesAsync(NodeHubClient client, string[] symbols, int fromEvent)
    {
        string[] missing = symbols;
        return Wait.UntilAsync(() =>
        {
            var quoted = client.Events.Skip(fromEvent)
                .Where(e => e.GetProperty("event").GetString() == "quote")
                .Select(e => e.GetProperty("data").GetProperty("symbol").GetString()!)
                .ToHashSet(StringComparer.Ordinal);
            missing = [.. symbols.Where(s => !quoted.Contains(s))];
            return missing.Length == 0;
        }, $"live quotes of every symbol on the hub (missing: {string.Join(',', missing)})");
    }

    /// <summary>The silo that runs the feed, by an ingestor report received after <paramref name="since"/>.</summary>
    private static async Task<string> LeaderAsync(NodeProcess api, DateTime since)
    {
        string? leader = null;
        await Wait.UntilAsync(() =>
        {
            var status = api.Http.GetFromJsonAsync<JsonElement>("/api/metrics/status").GetAwaiter().GetResult();
            var cluster = status.GetProperty("data").GetProperty("cluster");
            if (cluster.GetProperty("ingestorReportedAt").ValueKind == JsonValueKind.Null)
            {
                return false;
            }

            var reportedAt = cluster.GetProperty("ingestorReportedAt").GetDateTime().ToUniversalTime();
            var tradesPublished = status.GetProperty("data").GetProperty("trades").GetProperty("published").GetInt64();
            leader = cluster.GetProperty("ingestorNode").GetString();
            return reportedAt > since && tradesPublished > 0;
        }, $"a feed leader reporting after {since:O} (last seen: {leader})");
        return leader!;
    }
}
