using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.Runtime.Cluster.Transport;
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
