using Microsoft.Extensions.Logging.Abstractions;
using OrleansTicks.Runtime.Cluster.RabbitMq;

namespace OrleansTicks.Runtime.Tests.Cluster.RabbitMq;

[Collection(RabbitMqCollection.Name)]
public sealed class PartitionConsumerFailureTests(RabbitMqFixture broker)
{
    [Fact]
    public async Task Handler_that_throws_stops_the_consumer_and_its_unacked_deliveries_go_to_the_standby()
    {
        var setup = await broker.ConnectAsync("setup");
        var topology = await RabbitMqTestTopology.DeclareAsync(broker, setup, partitions: 1);
        var seen = 0;
        var failing = await PartitionConsumer.StartAsync(await broker.ConnectAsync("failing"), topology, 0, prefetch: 100,
            (delivery, _) => Interlocked.Increment(ref seen) == 5 ? throw new InvalidOperationException("poison") : Task.CompletedTask,
            NullLogger.Instance);
        var standby = new ReceivedDeliveries();
        await using var second = await RabbitMqTestTopology.ConsumeAsync(await broker.ConnectAsync("standby"), topology, 0, standby);

        await RabbitMqTestTopology.PublishNumbersAsync(setup, topology, 0, from: 0, count: 10);

        // Nothing was acknowledged, so all 10 come back, in order, to the standby.
        await standby.UntilAsync(10, "the standby consumer");
        Assert.Equal(Enumerable.Range(0, 10), standby.All.Select(r => r.Number));
        Assert.Equal(5, seen);
        await failing.DisposeAsync();
    }
}
