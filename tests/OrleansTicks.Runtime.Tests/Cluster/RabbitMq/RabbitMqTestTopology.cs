using Microsoft.Extensions.Logging.Abstractions;
using OrleansTicks.Runtime.Cluster.RabbitMq;
using RabbitMQ.Client;

namespace OrleansTicks.Runtime.Tests.Cluster.RabbitMq;

/// <summary>Declares a fresh topology for one test, deleted by the fixture afterwards.</summary>
internal static class RabbitMqTestTopology
{
    public static async Task<PartitionTopology> DeclareAsync(RabbitMqFixture broker, IConnection connection, int partitions)
    {
        var topology = new PartitionTopology(broker.NewPrefix(), partitions);
        broker.DeleteAfterwards(topology.ExchangeName, Enumerable.Range(0, partitions).Select(topology.QueueName));
        await using var channel = await connection.CreateChannelAsync();
        await topology.DeclareAsync(channel);
        return topology;
    }

    public static async Task PublishNumbersAsync(IConnection connection, PartitionTopology topology, int partition, int from, int count)
    {
        await using var publisher = await PartitionPublisher.StartAsync(connection, topology, maxInFlight: 64, NullLogger.Instance);
        await Task.WhenAll(Enumerable.Range(from, count).Select(n => publisher.PublishAsync(partition, BitConverter.GetBytes(n))));
    }

    public static Task<PartitionConsumer> ConsumeAsync(IConnection connection, PartitionTopology topology, int partition,
        ReceivedDeliveries into, ushort prefetch = 100) =>
        PartitionConsumer.StartAsync(connection, topology, partition, prefetch, into.HandleAsync, NullLogger.Instance);
}
