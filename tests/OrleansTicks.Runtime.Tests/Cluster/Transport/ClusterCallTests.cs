using System.Collections.Concurrent;
using OrleansTicks.Runtime.Cluster.Transport;
using OrleansTicks.Runtime.Tests.Cluster.RabbitMq;

namespace OrleansTicks.Runtime.Tests.Cluster.Transport;

/// <summary>Calls between nodes over a real RabbitMQ, with membership in a real PostgreSQL.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class ClusterCallTests(RabbitMqFixture broker)
{
    private static readonly string[] Keys = [.. Enumerable.Range(0, 40).Select(i => $"KEY{i}")];

    [Fact]
    public async Task Calls_from_a_client_node_run_on_the_silo_that_owns_each_key_and_every_partition_has_one_owner()
    {
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        await cluster.StartAsync("silo-a", ClusterRole.Silo);
        await cluster.StartAsync("silo-b", ClusterRole.Silo);
        await cluster.StartAsync("silo-c", ClusterRole.Silo);
        var api = await cluster.StartAsync("api-1", ClusterRole.Client);
        await cluster.OwnershipSettledAsync();

        var owners = cluster.Nodes.Where(n => n.Role == ClusterRole.Silo).SelectMany(n => n.OwnedPartitions).ToArray();
        Assert.Equal(Enumerable.Range(0, ClusterHarness.Partitions), owners.Order());
        var where = await Task.WhenAll(Keys.Select(k => api.Grains.GetGrain<IPlacementGrain>(k).WhereAsync()));
        Assert.Equal(Keys.Select(k => ClusterHarness.OwnerOf(k, "silo-a", "silo-b", "silo-c")), where);
        Assert.Equal(3, where.Distinct().Count());
    }

    [Fact]
    public async Task A_call_from_a_silo_to_a_key_another_silo_owns_runs_there()
    {
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        var a = await cluster.StartAsync("silo-a", ClusterRole.Silo);
        await cluster.StartAsync("silo-b", ClusterRole.Silo);
        await cluster.OwnershipSettledAsync();

        foreach (var key in Keys.Take(12))
        {
            Assert.Equal(ClusterHarness.OwnerOf(key, "silo-a", "silo-b"), await a.Grains.GetGrain<IPlacementGrain>(key).WhereAsync());
        }
    }

    [Fact]
    public async Task Arguments_results_and_cancellable_calls_round_trip_with_their_types()
    {
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        await cluster.StartAsync("silo-a", ClusterRole.Silo);
        var api = await cluster.StartAsync("api-1", ClusterRole.Client);
        await cluster.OwnershipSettledAsync();
        var sent = new PlacementEcho("ignored", new DateTime(2026, 11, 22, 9, 30, 0, DateTimeKind.Utc), [1.5m, 100.0001m, 0m], "hello");

        using var cancellation = new CancellationTokenSource();
        var echoed = await api.Grains.GetGrain<IPlacementGrain>("ECHO").EchoAsync(sent, cancellation.Token);

        Assert.Equal(sent with { Key = "ECHO", Note = "hello via silo-a", Values = echoed.Values }, echoed);
        Assert.Equal(sent.Values, echoed.Values);
        Assert.Equal(DateTimeKind.Utc, echoed.At.Kind);
    }

    [Fact]
    public async Task An_exception_in_a_remote_grain_reaches_the_caller_with_its_type_and_message()
    {
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        await cluster.StartAsync("silo-a", ClusterRole.Silo);
        var api = await cluster.StartAsync("api-1", ClusterRole.Client);
        await cluster.OwnershipSettledAsync();

        var failure = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => api.Grains.GetGrain<IPlacementGrain>("FAIL").FailAsync("no such thing"));

        Assert.Contains("no such thing", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, await api.Grains.GetGrain<IPlacementGrain>("FAIL").AddAsync(1)); // the grain is fine afterwards
    }

    [Fact]
    public async Task An_observer_on_a_client_node_receives_a_remote_grains_calls_in_order()
    {
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        await cluster.StartAsync("silo-a", ClusterRole.Silo);
        await cluster.StartAsync("silo-b", ClusterRole.Silo);
        var api = await cluster.StartAsync("api-1", ClusterRole.Client);
        await cluster.OwnershipSettledAsync();
        var observer = new RecordingObserver();
        var reference = api.Grains.CreateObjectReference<IPlacementObserver>(observer);

        await Task.WhenAll(Keys.Take(6).Select(k => api.Grains.GetGrain<IPlacementGrain>(k).ReportToAsync(reference, 20)));

        var expected = Keys.Take(6).Select(k => $"{k}@{ClusterHarness.OwnerOf(k, "silo-a", "silo-b")}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, observer.Reports.Keys.Order(StringComparer.Ordinal));
        Assert.All(observer.Reports.Values, sequences => Assert.Equal(Enumerable.Range(0, 20), sequences)); // each grain's, in order
    }

    [Fact]
    public async Task A_call_to_an_observer_whose_node_has_gone_fails_at_once_instead_of_timing_out()
    {
        await using var cluster = await ClusterHarness.CreateAsync(broker);
        await cluster.StartAsync("silo-a", ClusterRole.Silo);
        var api = await cluster.StartAsync("api-1", ClusterRole.Client);
        var gone = await cluster.StartAsync("api-2", ClusterRole.Client);
        await cluster.OwnershipSettledAsync();
        var reference = gone.Grains.CreateObjectReference<IPlacementObserver>(new RecordingObserver());
        await gone.StopAsync();

        await Assert.ThrowsAsync<ObserverNotAvailableException>(() => api.Grains.GetGrain<IPlacementGrain>("ORPHAN").ReportToAsync(reference, 1));
    }

    private sealed class RecordingObserver : IPlacementObserver
    {
        public ConcurrentDictionary<string, List<int>> Reports { get; } = new();

        public Task OnReportAsync(string from, int sequence)
        {
            var list = Reports.GetOrAdd(from, _ => []);
            lock (list)
            {
                list.Add(sequence);
            }

            return Task.CompletedTask;
        }
    }
}
