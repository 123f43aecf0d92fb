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

    [Fact]
    public async Task Trades_published_while_the_failing_consumer_lets_go_reach_the_standby_after_its_unacked_ones()
    {
        var setup = await broker.ConnectAsync("setup");
        var topology = await RabbitMqTestTopology.DeclareAsync(broker, setup, partitions: 1);
        var started = new TaskCompletionSource<PartitionConsumer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var failing = await PartitionConsumer.StartAsync(await broker.ConnectAsync("failing"), topology, 0, prefetch: 100,
            async (delivery, token) =>
            {
                var number = BitConverter.ToInt32(delivery.Body.Span);
                if (number == Poison)
                {
                    throw new InvalidOperationException("poison");
                }

                await (await started.Task).AckUpToAsync(delivery.DeliveryTag, token);
            },
            NullLogger.Instance);
        started.SetResult(failing);
        var standby = new ReceivedDeliveries();
        await using var second = await RabbitMqTestTopology.ConsumeAsync(await broker.ConnectAsync("standby"), topology, 0, standby,
            prefetch: Published);

        // Published as fast as confirms allow, like a busy feed while a silo fails: trades keep reaching the queue
        // while the failing consumer lets go. Had it cancelled its consumer before closing its channel, the standby
        // would take those first and get the failing one's unacknowledged deliveries after them, out of order, or
        // the queue would crash and nack a publish (RabbitMQ 3.10; docs/RABBITMQ.md, "No basic.cancel").
        await RabbitMqTestTopology.PublishNumbersAsync(setup, topology, 0, from: 0, count: Published);

        await standby.UntilAsync(Published - Poison, "the standby consumer");
        Assert.Equal(Enumerable.Range(Poison, Published - Poison), standby.All.Select(r => r.Number));
        await failing.DisposeAsync();
    }

    private const int Poison = 20;
    private const int Published = 5_000;
}
