using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansTicks.Runtime.Cluster.Partitioning;
using OrleansTicks.TestKit.Feeds;
using OrleansTicks.TestKit.Live;
using Xunit.Abstractions;

namespace OrleansTicks.Cluster.Tests;

/// <summary>The product in cluster mode: silo and api processes over a real RabbitMQ and PostgreSQL, fed by a fake
/// Binance that serves a known ledger of trades; after a join, two kills and leaves, the stored bars must equal the
/// bars of the ledger.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterModeTests(RabbitMqFixture broker, ITestOutputHelper output)
{
    // Binance's 20 default pairs and four more, all in Feed:Symbols: subscribed upstream whoever watches, and known to
    // every node's symbol directory (a feed's provided symbols are registered on each node at start).
    private static readonly string[] Symbols =
    [
        "BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "TRXUSDT", "LINKUSDT", "LTCUSDT", "DOTUSDT", "AVAXUSDT",
        "BCHUSDT", "XLMUSDT", "ATOMUSDT", "UNIUSDT", "ETCUSDT", "NEARUSDT", "FILUSDT", "APTUSDT", "ARBUSDT", "OPUSDT", "SUIUSDT", "PEPEUSDT",
    ];

    // The ledger runs in real time from the test's start for longer than the scenario takes (about 35 s on a quiet
    // machine), so that every "quotes after" check has trades to see; 5% of the trades come late by up to a minute,
    // 3% twice within half a minute.
    private static readonly TimeSpan LedgerSpan = TimeSpan.FromSeconds(80);
    private const int TradesPerSecond = 400;
    private const int LedgerSeed = 7;

    private static Dictionary<string, string> Settings(FakeBinanceServer upstream) => new()
    {
        ["Feed__Kind"] = "binance",
        ["Feed__Url"] = upstream.BaseUri.ToString(),
        ["Feed__Symbols"] = string.Join(',', Symbols),
        // The api nodes renew their observers every 2 s (default 30 s), so that after a silo dies the symbols it held
        // are observed again on their new silo within the test's patience.
        ["Hub__RenewInterval"] = "00:00:02",
    };

    [Fact]
    public async Task Silos_and_api_nodes_share_the_partitions_serve_every_silos_symbols_and_store_the_ledgers_exact_bars_through_a_join_two_kills_and_leaves()
    {
        var now = DateTime.UtcNow;
        var ledgerStart = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var ledger = Ledger.Create(LedgerSeed, Symbols, (int)(TradesPerSecond * LedgerSpan.TotalSeconds), ledgerStart, LedgerSpan,
            maxLate: TimeSpan.FromMinutes(1), maxRepeat: TimeSpan.FromSeconds(30), newestLast: true);
        await using var upstream = await FakeBinanceServer.StartNewAsync();
        await using var feed = PacedLedgerFeed.Start(upstream, ledger);
        var settings = Settings(upstream);
        void StillTrading(DateTime at) => Assert.True(at < feed.End - TimeSpan.FromSeconds(5),
            $"The scenario reached {at:O}, too close to the end of the ledger's trades ({feed.End:O}) to see quotes after it: the machine is slower than LedgerSpan allows for.");

        await using var cluster = await ProcessCluster.CreateAsync(broker);
        string[] silos = ["silo-0", "silo-1", "silo-2"];
        foreach (var silo in silos)
        {
            cluster.StartSilo(silo, settings);
        }

        var apis = new[] { cluster.StartApi("api-0", settings), cluster.StartApi("api-1", settings) };
        await Task.WhenAll(cluster.Nodes.Select(n => n.ReadyAsync()));
        var owners = Symbols.ToDictionary(s => s, s => RendezvousOwnership.Owner(PartitionHash.Partition(s, ProcessCluster.Partitions), silos));
        Assert.Equal(silos, owners.Values.Distinct().Order(StringComparer.Ordinal)); // the symbols span every silo

        // Every symbol gets quotes, whichever silo owns it, through either api node.
        var started = DateTime.UtcNow;
        StillTrading(started);
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
        var fourth = cluster.StartSilo("silo-3", settings);
        await fourth.ReadyAsync();
        silos = [.. silos, "silo-3"];
        var after = await PartitionsSettledAsync(apis[0], silos);
        foreach (var silo in silos[..3])
        {
            Assert.Subset(before[silo].ToHashSet(), after[silo].ToHashSet()); // after ⊆ before
        }

        Assert.Equal(before.Values.SelectMany(p => p).Except(silos[..3].SelectMany(s => after[s])).Order(), after["silo-3"]);
        Assert.NotEmpty(after["silo-3"]);
        StillTrading(joinedAt);
        await QuotesAfterAsync(apis[1], Symbols, joinedAt);

        var leader = await LeaderAsync(apis[0], since: started);
        Assert.Contains(leader, silos);
        output.WriteLine($"feed leader: {leader}; owners: {string.Join(", ", owners.Select(o => $"{o.Key}={o.Value}"))}");

        // SIGKILL of the leader: another silo leads, and the dead silo's symbols move to the others and trade again.
        var killedAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        cluster.Nodes.Single(n => n.Name == leader).Kill();
        silos = [.. silos.Where(s => s != leader)];
        // A report the dead leader sent just before the kill may still arrive after it (the status is stamped on
        // receipt): the successor is the first other silo to report since.
        var successor = await LeaderAsync(apis[1], since: killedAt, notFrom: leader);
        output.WriteLine($"after SIGKILL of {leader}: {successor} leads, reported {clock.Elapsed.TotalSeconds:F1} s after the kill");
        Assert.Contains(successor, silos);
        var eventsAtKill = client.Events.Count;
        StillTrading(killedAt);
        await QuotesAfterAsync(apis[0], Symbols, killedAt);
        output.WriteLine($"every symbol traded again {clock.Elapsed.TotalSeconds:F1} s after the kill");
        await LiveQuotesAsync(client, Symbols, fromEvent: eventsAtKill);
        output.WriteLine($"the SignalR client had live quotes of every symbol again {clock.Elapsed.TotalSeconds:F1} s after the kill");
        await PartitionsSettledAsync(apis[1], silos);
        output.WriteLine($"the status showed {leader}'s partitions owned by the others {clock.Elapsed.TotalSeconds:F1} s after the kill");

        // SIGKILL, while trades flow, of the silo (not the leader) owning the most symbols: what it applied but had not
        // checkpointed is delivered again to the partitions' new owners, which must count each trade once.
        var victim = silos.Where(s => s != successor).OrderByDescending(s => SymbolsOwnedBy(s, silos)).ThenBy(s => s, StringComparer.Ordinal).First();
        var victimOwned = SymbolsOwnedBy(victim, silos);
        Assert.True(victimOwned > 0, $"{victim} owns none of the ledger's symbols");
        var victimKilledAt = DateTime.UtcNow;
        clock.Restart();
        cluster.Nodes.Single(n => n.Name == victim).Kill();
        silos = [.. silos.Where(s => s != victim)];
        await PartitionsSettledAsync(apis[0], silos);
        StillTrading(victimKilledAt);
        await QuotesAfterAsync(apis[1], Symbols, victimKilledAt);
        output.WriteLine($"after SIGKILL of {victim} (owner of {victimOwned} symbols): its partitions owned by the others and every symbol trading {clock.Elapsed.TotalSeconds:F1} s after the kill");

        // SIGTERM of another silo: it leaves cleanly (exit code 0) and its symbols carry on with the last one.
        var leaving = cluster.Nodes.Single(n => n.Name == silos.First(s => s != successor));
        var terminatedAt = DateTime.UtcNow;
        clock.Restart();
        leaving.Terminate();
        await leaving.WaitForExitAsync();
        Assert.True(leaving.ExitCode == 0, $"{leaving.Name} exited with {leaving.ExitCode}:\n{leaving.Output}");
        silos = [.. silos.Where(s => s != leaving.Name)];
        StillTrading(terminatedAt);
        await QuotesAfterAsync(apis[1], Symbols, terminatedAt);
        Assert.All(apis, api => Assert.False(api.HasExited, api.Output));
        output.WriteLine($"after SIGTERM of {leaving.Name}: exited with 0 and every symbol trading {clock.Elapsed.TotalSeconds:F1} s later, " +
            $"{(DateTime.UtcNow - ledgerStart).TotalSeconds:F0} s into the ledger's {LedgerSpan.TotalSeconds:F0} s");

        // The end of the ledger: everything sent, and each symbol's newest trade — its last delivery — applied, so its
        // partition has taken everything before it. Then the remaining silos leave with SIGTERM, writing their state;
        // the leader last, so that no new leader connects and replays the ledger meanwhile.
        await LedgerSentAsync(feed);
        await NewestTradesAppliedAsync(apis[0], ledger);
        foreach (var silo in silos.OrderBy(s => s == successor))
        {
            var node = cluster.Nodes.Single(n => n.Name == silo);
            node.Terminate();
            await node.WaitForExitAsync();
            Assert.True(node.ExitCode == 0, $"{node.Name} exited with {node.ExitCode}:\n{node.Output}");
        }

        // Every stored 1-minute bar of the ledger's symbols, straight from PostgreSQL, against the ledger's own.
        var report = await StoredLedgerBars.CompareAsync(cluster.DatabaseConnectionString, ledger);
        output.WriteLine(report.Describe());
        output.WriteLine($"sent by the fake Binance, per connection: {string.Join("; ", feed.Connections.Select(c => $"#{c.Connection} {c.Sent} ({c.CaughtUp} caught up{(c.Complete ? ", complete" : string.Empty)})"))}");
        foreach (var node in cluster.Nodes)
        {
            output.WriteLine($"{node.Name} logged {(node.Log.Summary() is { Length: > 0 } logged ? $"(warnings and errors by kind, with the first):\n{logged}" : "no warning")}");
        }

        Assert.True(report.DifferenceCount == 0, report.Describe());
        // The scenario did what it says: the successor's connection caught up with what was due before it subscribed.
        Assert.True(feed.Connections.Count >= 2 && feed.Connections[^1] is { Complete: true, CaughtUp: > 0 },
            $"expected the new leader's connection to catch up and complete the ledger; connections: {string.Join("; ", feed.Connections)}");
    }

    private static int SymbolsOwnedBy(string silo, string[] silos) =>
        Symbols.Count(symbol => RendezvousOwnership.Owner(PartitionHash.Partition(symbol, ProcessCluster.Partitions), silos) == silo);

    /// <summary>Waits until <paramref name="feed"/> has sent every delivery of its ledger on one connection.</summary>
    private static async Task LedgerSentAsync(PacedLedgerFeed feed)
    {
        var due = feed.End - DateTime.UtcNow;
        try
        {
            await feed.Completed.WaitAsync((due > TimeSpan.Zero ? due : TimeSpan.Zero) + Wait.Generous);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Gave up waiting for: every delivery of the ledger (the last due {feed.End:O}) sent on one connection; sent: " +
                string.Join("; ", feed.Connections.Select(c => $"#{c.Connection} {c.Sent}")));
        }
    }

    /// <summary>Waits until every symbol's quote is its newest trade of <paramref name="ledger"/>.</summary>
    private static Task NewestTradesAppliedAsync(NodeProcess api, Ledger ledger)
    {
        var newest = ledger.Trades.GroupBy(t => t.Symbol).ToDictionary(g => g.Key, g => g.Last().TradeId, StringComparer.Ordinal);
        string[] behind = [.. newest.Keys];
        return Wait.UntilAsync(() =>
        {
            var quotes = Quotes(api, [.. newest.Keys]);
            if (quotes is null)
            {
                return false;
            }

            var at = quotes.ToDictionary(q => q.GetProperty("symbol").GetString()!, q => q.GetProperty("tradeId").GetInt64(), StringComparer.Ordinal);
            behind = [.. newest.Where(n => !at.TryGetValue(n.Key, out var id) || id != n.Value).Select(n => n.Key)];
            return behind.Length == 0;
        }, () => $"every symbol's newest ledger trade in its quote through {api.Name} (behind: {string.Join(',', behind)})");
    }

    /// <summary>The quotes of <paramref name="symbols"/> through <paramref name="api"/>; null when it did not answer 200.</summary>
    private static JsonElement[]? Quotes(NodeProcess api, string[] symbols)
    {
        using var response = api.Http.GetAsync($"/api/quotes?symbols={string.Join(',', symbols)}").GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var body = JsonDocument.Parse(response.Content.ReadAsStream());
        return [.. body.RootElement.GetProperty("result").EnumerateArray().Select(q => q.Clone())];
    }

    /// <summary>Waits until every one of <paramref name="symbols"/> has a quote from a trade after <paramref name="after"/>.</summary>
    private static Task QuotesAfterAsync(NodeProcess api, string[] symbols, DateTime after)
    {
        var missing = symbols;
        return Wait.UntilAsync(() =>
        {
            if (Quotes(api, symbols) is not { } quotes)
            {
                return false;
            }

            var fresh = quotes
                .Where(q => q.GetProperty("time").GetDateTime().ToUniversalTime() > after)
                .Select(q => q.GetProperty("symbol").GetString()!)
                .ToHashSet(StringComparer.Ordinal);
            missing = [.. symbols.Where(s => !fresh.Contains(s))];
            return missing.Length == 0;
        }, () => $"quotes after {after:O} through {api.Name} for every symbol (missing: {string.Join(',', missing)})");
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
        }, () => $"the partitions to settle over {string.Join(',', silos)} (reported: {string.Join("; ", owned.Select(o => $"{o.Key}={string.Join(',', o.Value)}"))})");
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
        }, () => $"live quotes of every symbol on the hub (missing: {string.Join(',', missing)})");
    }

    /// <summary>The silo that runs the feed, by an ingestor report received after <paramref name="since"/> (and not
    /// from <paramref name="notFrom"/>).</summary>
    private static async Task<string> LeaderAsync(NodeProcess api, DateTime since, string? notFrom = null)
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
            return reportedAt > since && tradesPublished > 0 && leader != notFrom;
        }, () => $"a feed leader{(notFrom is null ? "" : $" other than {notFrom}")} reporting after {since:O} (last seen: {leader})");
        return leader!;
    }
}
