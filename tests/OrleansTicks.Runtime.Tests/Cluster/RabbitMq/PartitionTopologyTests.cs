using OrleansTicks.Runtime.Cluster.RabbitMq;

namespace OrleansTicks.Runtime.Tests.Cluster.RabbitMq;

[Collection(RabbitMqCollection.Name)]
public sealed class PartitionTopologyTests(RabbitMqFixture broker)
{
    [Fact]
    public void Names_follow_prefix_and_partition_number()
    {
        var topology = new PartitionTopology("ticks", 32);

        Assert.Equal("ticks", topology.ExchangeName);
        Assert.Equal("ticks.p0", topology.QueueName(0));
        Assert.Equal("ticks.p31", topology.QueueName(31));
        Assert.Equal("31", topology.RoutingKey(31));
        Assert.Throws<ArgumentOutOfRangeException>(() => topology.QueueName(32));
        Assert.Throws<ArgumentOutOfRangeException>(() => topology.RoutingKey(-1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PartitionTopology.MaxPartitions + 1)]
    public void Partition_count_out_of_range_is_refused(int partitions) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PartitionTopology("ticks", partitions));

    [Fact]
    public async Task Declaring_twice_is_idempotent_and_every_queue_is_bound_to_its_partition()
    {
        var connection = await broker.ConnectAsync(nameof(Declaring_twice_is_idempotent_and_every_queue_is_bound_to_its_partition));
        var topology = await RabbitMqTestTopology.DeclareAsync(broker, connection, partitions: 4);
        await RabbitMqTestTopology.PublishNumbersAsync(connection, topology, partition: 2, from: 0, count: 3);

        await using (var channel = await connection.CreateChannelAsync())
        {
            await topology.DeclareAsync(channel);
        }

        await using var check = await connection.CreateChannelAsync();
        for (var partition = 0; partition < topology.PartitionCount; partition++)
        {
            var queue = await check.QueueDeclarePassiveAsync(topology.QueueName(partition));
            // Declaring again kept the messages: nothing was re-created.
            Assert.Equal(partition == 2 ? 3u : 0u, queue.MessageCount);
        }
    }
}
