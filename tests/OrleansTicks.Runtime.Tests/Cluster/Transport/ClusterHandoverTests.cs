using OrleansTicks.Runtime.Cluster.Partitioning;
using OrleansTicks.Runtime.Cluster.Transport;
using OrleansTicks.Runtime.Tests.Cluster.RabbitMq;

namespace OrleansTicks.Runtime.Tests.Cluster.Transport;

/// <summary>Partitions moving between silos as membership changes, over a real RabbitMQ and PostgreSQL.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class ClusterHandoverTests(RabbitMqFixture broker)
{
    private static readonly string[] Keys = [.. Enumerable.Range(0, 24).Select(i => $"SYM{i}")];

    [Fact]
    public async Task A_new_silo_takes_only_the_partitions_rendezvous_gives_it_and_the_moved_grains_keep_their_state()
    {
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        var a = await cluster.StartAsync("silo-a", ClusterRole.Silo);
        var b = await cluster.StartAsync("silo-b", ClusterRole.Silo);
        var api = await cluster.StartAsync("api-1", ClusterRole.Client);
        await cluster.OwnershipSettledAsync();
        var before = (A: a.OwnedPartitions, B: b.OwnedPartitions);
        Assert.All(await Task.WhenAll(Keys.Select(k => api.Grains.GetGrain<IPlacementGrain>(k).AddAsync(5))), total => Assert.Equal(5, total));

        var c = await cluster.StartAsync("silo-c", ClusterRole.Silo);
        await cluster.OwnershipSettledAsync();

        Assert.Subset(before.A.ToHashSet(), a.OwnedPartitions.ToHashSet()); // nothing moved between the two that stayed
        Assert.Subset(before.B.ToHashSet(), b.OwnedPartitions.ToHashSet());
        Assert.NotEmpty(c.OwnedPartitions);
        Assert.Equal(c.OwnedPartitions.Order(), before.A.Except(a.OwnedPartitions).Concat(before.B.Except(b.OwnedPartitions)).Order());
        Assert.All(await Task.WhenAll(Keys.Select(k => api.Grains.GetGrain<IPlacementGrain>(k).AddAsync(1))), total => Assert.Equal(6, total));
        var where = await Task.WhenAll(Keys.Select(k => api.Grains.GetGrain<IPlacementGrain>(k).WhereAsync()));
        Assert.Equal(Keys.Select(k => ClusterHarness.OwnerOf(k, "silo-a", "silo-b", "silo-c")), where);
        Assert.Contains("silo-c", where);
    }

    [Fact]
    public async Task A_silo_that_stops_hands_its_partitions_and_grain_state_to_the_others()
    {
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        await cluster.StartAsync("silo-a", ClusterRole.Silo);
        var b = await cluster.StartAsync("silo-b", ClusterRole.Silo);
        await cluster.StartAsync("silo-c", ClusterRole.Silo);
        var api = await cluster.StartAsync("api-1", ClusterRole.Client);
        await cluster.OwnershipSettledAsync();
        Assert.All(await Task.WhenAll(Keys.Select(k => api.Grains.GetGrain<IPlacementGrain>(k).AddAsync(3))), total => Assert.Equal(3, total));
        Assert.Contains(Keys, k => ClusterHarness.OwnerOf(k, "silo-a", "silo-b", "silo-c") == "silo-b");

        await b.StopAsync();
        await cluster.OwnershipSettledAsync();

        Assert.All(await Task.WhenAll(Keys.Select(k => api.Grains.GetGrain<IPlacementGrain>(k).AddAsync(1))), total => Assert.Equal(4, total));
        var where = await Task.WhenAll(Keys.Select(k => api.Grains.GetGrain<IPlacementGrain>(k).WhereAsync()));
        Assert.Equal(Keys.Select(k => ClusterHarness.OwnerOf(k, "silo-a", "silo-c")), where);
    }

    [Fact]
    public async Task A_joining_silo_runs_a_gained_partitions_grains_only_after_the_previous_owner_has_handed_it_over()
    {
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        // silo-a re-reads membership only every 10 s: it keeps running the partitions silo-b gains for a while, and
        // silo-b's consumers wait as standbys behind its own (single active consumer).
        var a = await cluster.StartAsync("silo-a", ClusterRole.Silo, settings: new() { ["Cluster:HeartbeatInterval"] = "00:00:10" });
        await cluster.OwnershipSettledAsync();
        Assert.All(await Task.WhenAll(Keys.Select(k => a.Grains.GetGrain<IPlacementGrain>(k).AddAsync(1))), total => Assert.Equal(1, total));

        var b = await cluster.StartAsync("silo-b", ClusterRole.Silo);
        var gained = RendezvousOwnership.Owned("silo-b", ["silo-a", "silo-b"], ClusterHarness.Partitions);
        await Wait.UntilAsync(() => b.OwnedPartitions.SequenceEqual(gained), "silo-b to consume the partitions it gains");
        var moved = Keys.Where(k => ClusterHarness.OwnerOf(k, "silo-a", "silo-b") == "silo-b").ToArray();
        Assert.NotEmpty(moved);

        // Calls silo-b makes to those grains now reach them where they run: on silo-a, through the queue.
        var where = await Task.WhenAll(moved.Select(k => b.Grains.GetGrain<IPlacementGrain>(k).WhereAsync()));
        var totals = await Task.WhenAll(moved.Select(k => b.Grains.GetGrain<IPlacementGrain>(k).AddAsync(1)));
        if (gained.All(a.OwnedPartitions.Contains))
        {
            Assert.All(where, node => Assert.Equal("silo-a", node)); // silo-a had not handed over yet
        }

        Assert.All(totals, total => Assert.Equal(2, total));
        await cluster.OwnershipSettledAsync();
        Assert.All(await Task.WhenAll(moved.Select(k => b.Grains.GetGrain<IPlacementGrain>(k).WhereAsync())), node => Assert.Equal("silo-b", node));
        var final = await Task.WhenAll(Keys.Select(k => b.Grains.GetGrain<IPlacementGrain>(k).AddAsync(0)));
        Assert.Equal(Keys.Select(k => moved.Contains(k) ? 2 : 1), final); // each add counted once, on one activation
    }

    [Fact]
    public async Task Calls_made_while_partitions_move_are_all_answered_once()
    {
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        await cluster.StartAsync("silo-a", ClusterRole.Silo);
        var api = await cluster.StartAsync("api-1", ClusterRole.Client);
        await cluster.OwnershipSettledAsync();

        // Keep adding while a second silo joins and takes partitions: every call is answered, and every key's total
        // counts each of its calls exactly once.
        var adding = Task.WhenAll(Keys.Select(async k =>
        {
            for (var i = 0; i < 30; i++)
            {
                await api.Grains.GetGrain<IPlacementGrain>(k).AddAsync(1);
            }
        }));
        await cluster.StartAsync("silo-b", ClusterRole.Silo);
        await adding;
        await cluster.OwnershipSettledAsync();

        Assert.All(await Task.WhenAll(Keys.Select(k => api.Grains.GetGrain<IPlacementGrain>(k).AddAsync(0))), total => Assert.Equal(30, total));
    }

    [Fact]
    public async Task Stateless_worker_calls_from_a_client_node_run_on_the_silos_through_the_work_queue()
    {
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        await cluster.StartAsync("silo-a", ClusterRole.Silo);
        await cluster.StartAsync("silo-b", ClusterRole.Silo);
        var api = await cluster.StartAsync("api-1", ClusterRole.Client);
        await cluster.OwnershipSettledAsync();

        var where = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => api.Grains.GetGrain<IPlacementWorkerGrain>("work").WhereAsync()));

        Assert.All(where, node => Assert.Contains(node, new[] { "silo-a", "silo-b" }));
    }
}
