using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.Runtime.Cluster.Transport;
using OrleansTicks.Runtime.Storage;
using OrleansTicks.Runtime.Streams;
using OrleansTicks.Runtime.Tests.Cluster.RabbitMq;

namespace OrleansTicks.Runtime.Tests.Cluster.Transport;

/// <summary>Cluster streams over the partition queues of a real RabbitMQ.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class ClusterStreamTests(RabbitMqFixture broker)
{
    private static readonly string[] Keys = [.. Enumerable.Range(0, 12).Select(i => $"T{i}")];

    [Fact]
    public async Task Items_produced_on_one_silo_reach_each_keys_grain_on_its_owner_complete_and_in_order()
    {
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        var producer = await cluster.StartAsync("silo-a", ClusterRole.Silo);
        await cluster.StartAsync("silo-b", ClusterRole.Silo);
        var api = await cluster.StartAsync("api-1", ClusterRole.Client);
        await cluster.OwnershipSettledAsync();

        await ProduceAsync(producer, 0, 300);

        var reports = await UntilReceivedAsync(api, 300);
        for (var i = 0; i < Keys.Length; i++)
        {
            Assert.Equal(Enumerable.Range(0, 300), reports[i].Received);
            Assert.Equal([ClusterHarness.OwnerOf(Keys[i], "silo-a", "silo-b")], reports[i].Nodes);
        }
    }

    [Fact]
    public async Task Items_produced_while_a_silo_joins_all_arrive_in_order_and_the_moved_grains_carry_on_elsewhere()
    {
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        var producer = await cluster.StartAsync("silo-a", ClusterRole.Silo);
        var api = await cluster.StartAsync("api-1", ClusterRole.Client);
        await cluster.OwnershipSettledAsync();

        var producing = ProduceAsync(producer, 0, 2_000, batch: 10);
        await cluster.StartAsync("silo-b", ClusterRole.Silo);
        await producing;
        await cluster.OwnershipSettledAsync();

        var reports = await UntilReceivedAsync(api, 2_000);
        Assert.All(reports, r => Assert.Equal(Enumerable.Range(0, 2_000), r.Received));
        var moved = Keys.Where(k => ClusterHarness.OwnerOf(k, "silo-a", "silo-b") == "silo-b").ToArray();
        Assert.NotEmpty(moved);
        Assert.All(moved, k => Assert.Equal("silo-b", reports[Array.IndexOf(Keys, k)].Nodes[^1]));
    }

    [Fact]
    public async Task Items_arrive_complete_and_in_order_when_the_receiving_grains_buffers_fill_up()
    {
        // With tiny grain buffers, delivering a message's segments waits for the grains (back-pressure through the
        // partition's consumer): every item still arrives, once, in order.
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        var small = new Dictionary<string, string?> { [$"Streams:{ClusterHarness.StreamProvider}:MaxBufferedItems"] = "4" };
        var producer = await cluster.StartAsync("silo-a", ClusterRole.Silo, settings: small);
        await cluster.StartAsync("silo-b", ClusterRole.Silo, settings: small);
        var api = await cluster.StartAsync("api-1", ClusterRole.Client);
        await cluster.OwnershipSettledAsync();

        await ProduceAsync(producer, 0, 1_000, batch: 3);

        var reports = await UntilReceivedAsync(api, 1_000);
        Assert.All(reports, r => Assert.Equal(Enumerable.Range(0, 1_000), r.Received));
    }

    [Fact]
    public async Task A_silo_that_crashes_loses_no_item_and_applies_none_twice_because_it_acknowledges_only_what_a_checkpoint_wrote()
    {
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        var deadAfter = TimeSpan.FromSeconds(1);
        var often = new Dictionary<string, string?> { ["Cluster:CheckpointInterval"] = "00:00:00.100" };
        var victim = await cluster.StartAsync("silo-a", ClusterRole.Silo, deadAfter, often);
        var survivor = await cluster.StartAsync("silo-b", ClusterRole.Silo, deadAfter, often);
        await cluster.OwnershipSettledAsync();
        var victims = Keys.Where(k => ClusterHarness.OwnerOf(k, "silo-a", "silo-b") == "silo-a").ToArray();
        Assert.NotEmpty(victims);
        var provider = survivor.Host.Services.GetRequiredKeyedService<IStreamProvider>(ClusterHarness.StreamProvider);
        var streams = Keys.Select(k => provider.GetStream<int>(StreamId.Create(LedgerGrain.Namespace, k))).ToArray();

        await ProduceLedgerAsync(streams, 0, 1_000);
        // The victim's grains have checkpointed the first half (and the checkpoint acknowledged it: a silo that
        // acknowledged without writing would lose it in the crash, and the survivor would see a gap).
        await Wait.UntilAsync(() => victims.All(k => StoredLedger(survivor, k).Next == 1_000), "the victim to checkpoint the first 1,000 items");
        await ProduceLedgerAsync(streams, 1_000, 500);
        await victim.CrashAsync(); // mid-stream: some of these applied, some checkpointed, some acknowledged, some not
        await ProduceLedgerAsync(streams, 1_500, 500);

        await cluster.OwnershipSettledAsync();
        LedgerReport[] reports = [];
        await Wait.UntilAsync(() =>
        {
            reports = Task.WhenAll(Keys.Select(k => survivor.Grains.GetGrain<ILedgerGrain>(k).GetAsync())).GetAwaiter().GetResult();
            return reports.All(r => r.Next >= 2_000);
        }, "every key's ledger to reach 2,000");
        Assert.All(reports, r => Assert.Equal(new LedgerReport(2_000, 1_999_000, 2_000, 0, r.Duplicates), r));
    }

    private static async Task ProduceLedgerAsync(IAsyncStream<int>[] streams, int from, int count)
    {
        for (var at = from; at < from + count; at += 10)
        {
            var items = Enumerable.Range(at, 10).ToArray();
            foreach (var stream in streams)
            {
                await stream.OnNextBatchAsync(items);
            }
        }
    }

    /// <summary>What the ledger grain of <paramref name="key"/> has written to storage.</summary>
    private static LedgerState StoredLedger(ClusterNode node, string key)
    {
        var storage = node.Host.Services.GetRequiredKeyedService<IGrainStorage>(PersistentStateAttribute.DefaultStorageName);
        var state = new GrainState<LedgerState>(new LedgerState());
        storage.ReadStateAsync("ledger", new GrainId("ledger", key), state).GetAwaiter().GetResult();
        return state.State;
    }

    private static async Task ProduceAsync(ClusterNode silo, int from, int count, int batch = 50)
    {
        var provider = silo.Host.Services.GetRequiredKeyedService<IStreamProvider>(ClusterHarness.StreamProvider);
        var streams = Keys.Select(k => provider.GetStream<int>(StreamId.Create(TallyGrain.Namespace, k))).ToArray();
        for (var at = from; at < from + count; at += batch)
        {
            var items = Enumerable.Range(at, Math.Min(batch, from + count - at)).ToArray();
            foreach (var stream in streams)
            {
                await stream.OnNextBatchAsync(items);
            }
        }
    }

    private static async Task<TallyReport[]> UntilReceivedAsync(ClusterNode node, int count)
    {
        TallyReport[] reports = [];
        await Wait.UntilAsync(() =>
        {
            reports = Task.WhenAll(Keys.Select(k => node.Grains.GetGrain<ITallyGrain>(k).GetAsync())).GetAwaiter().GetResult();
            return reports.All(r => r.Received.Count >= count);
        }, $"every key's grain to receive {count} items");
        return reports;
    }
}
