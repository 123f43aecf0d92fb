using Microsoft.Extensions.Logging.Abstractions;
using OrleansTicks.Runtime.Cluster.RabbitMq;
using RabbitMQ.Client;

namespace OrleansTicks.Runtime.Tests.Cluster.RabbitMq;

[Collection(RabbitMqCollection.Name)]
public sealed class PartitionPublishConsumeTests(RabbitMqFixture broker)
{
    [Fact]
    public async Task Batches_published_with_many_in_flight_are_consumed_in_order_with_exact_content()
    {
        var connection = await broker.ConnectAsync(nameof(Batches_published_with_many_in_flight_are_consumed_in_order_with_exact_content));
        var topology = await RabbitMqTestTopology.DeclareAsync(broker, connection, partitions: 3);
        var batches = Enumerable.Range(0, 500).Select(n => Enumerable.Range(0, 1 + (n % 40)).Select(i => (byte)(n + i)).ToArray()).ToArray();

        // Few slots for many messages: most publishes wait for a slot, and must still go out in call order.
        await using (var publisher = await PartitionPublisher.StartAsync(connection, topology, maxInFlight: 4, NullLogger.Instance))
        {
            await Task.WhenAll(batches.Select(batch => publisher.PublishAsync(1, batch)));
        }

        var received = new ReceivedDeliveries();
        await using var consumer = await RabbitMqTestTopology.ConsumeAsync(connection, topology, partition: 1, received, prefetch: 50);
        var acked = 0;
        while (acked < batches.Length)
        {
            await received.UntilAsync(acked + 1, "the consumer");
            var last = received.All[^1];
            await consumer.AckUpToAsync(last.DeliveryTag);
            acked = received.Count;
        }

        Assert.Equal(batches, received.All.Select(r => r.Body));
        Assert.All(received.All, r => Assert.False(r.Redelivered));
        await using var check = await connection.CreateChannelAsync();
        Assert.Equal(0u, await check.MessageCountAsync(topology.QueueName(0)));
        Assert.Equal(0u, await check.MessageCountAsync(topology.QueueName(2)));
    }

    [Fact]
    public async Task Publish_to_a_missing_exchange_fails_clearly_and_the_publisher_keeps_working()
    {
        var connection = await broker.ConnectAsync(nameof(Publish_to_a_missing_exchange_fails_clearly_and_the_publisher_keeps_working));
        var missing = new PartitionTopology(broker.NewPrefix(), 2);
        await using var missingPublisher = await PartitionPublisher.StartAsync(connection, missing, maxInFlight: 4, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<PartitionPublishException>(() => missingPublisher.PublishAsync(1, new byte[] { 1 }));

        Assert.Equal(1, error.Partition);
        Assert.Contains(missing.ExchangeName, error.Message, StringComparison.Ordinal);
        Assert.Contains("404", error.Message, StringComparison.Ordinal);

        // Once the exchange exists, the same publisher opens a new channel and delivers.
        var topology = new PartitionTopology(missing.ExchangeName, 2);
        broker.DeleteAfterwards(topology.ExchangeName, [topology.QueueName(0), topology.QueueName(1)]);
        await using (var channel = await connection.CreateChannelAsync())
        {
            await topology.DeclareAsync(channel);
        }

        await missingPublisher.PublishAsync(1, new byte[] { 2 });
        await using var check = await connection.CreateChannelAsync();
        Assert.Equal(1u, await check.MessageCountAsync(topology.QueueName(1)));
    }

    [Fact]
    public async Task Publish_that_no_queue_takes_is_returned_as_a_failure()
    {
        var connection = await broker.ConnectAsync(nameof(Publish_that_no_queue_takes_is_returned_as_a_failure));
        var topology = await RabbitMqTestTopology.DeclareAsync(broker, connection, partitions: 2);
        // A topology that believes in more partitions than were declared routes partition 5 nowhere.
        var wider = new PartitionTopology(topology.ExchangeName, 8);
        await using var publisher = await PartitionPublisher.StartAsync(connection, wider, maxInFlight: 4, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<PartitionPublishException>(() => publisher.PublishAsync(5, new byte[] { 1 }));

        Assert.Contains("unroutable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishes_in_flight_when_the_connection_dies_fail_clearly_and_none_hangs()
    {
        var setup = await broker.ConnectAsync("setup");
        var topology = await RabbitMqTestTopology.DeclareAsync(broker, setup, partitions: 1);
        var connection = await broker.ConnectAsync(nameof(Publishes_in_flight_when_the_connection_dies_fail_clearly_and_none_hangs));
        await using var publisher = await PartitionPublisher.StartAsync(connection, topology, maxInFlight: 8, NullLogger.Instance);
        var publishes = Enumerable.Range(0, 200).Select(n => publisher.PublishAsync(0, BitConverter.GetBytes(n))).ToList();

        await connection.AbortAsync();

        // Each publish either was confirmed before the connection went or fails with the publisher's own exception.
        var outcomes = await Task.WhenAll(publishes.Select(async publish =>
        {
            try
            {
                await publish.Within();
                return null;
            }
            catch (PartitionPublishException exception)
            {
                return exception;
            }
        }));
        Assert.Contains(outcomes, e => e is not null);
        Assert.All(outcomes.OfType<PartitionPublishException>(), e => Assert.Equal(0, e.Partition));
        var later = await Assert.ThrowsAsync<PartitionPublishException>(() => publisher.PublishAsync(0, new byte[] { 1 }));
        Assert.Contains("connection", later.Message, StringComparison.Ordinal);
    }
}
