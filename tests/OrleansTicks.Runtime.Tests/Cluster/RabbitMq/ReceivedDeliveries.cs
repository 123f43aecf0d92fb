using System.Collections.Concurrent;
using OrleansTicks.Runtime.Cluster.RabbitMq;

namespace OrleansTicks.Runtime.Tests.Cluster.RabbitMq;

/// <summary>A consumer's handler for tests: records every delivery (its body copied, as the contract asks).</summary>
internal sealed class ReceivedDeliveries
{
    private readonly ConcurrentQueue<Received> _received = new();

    public int Count => _received.Count;

    public IReadOnlyList<Received> All => [.. _received];

    public Task HandleAsync(PartitionDelivery delivery, CancellationToken cancellationToken)
    {
        _received.Enqueue(new Received(delivery.DeliveryTag, delivery.Redelivered, delivery.Body.ToArray()));
        return Task.CompletedTask;
    }

    public Task UntilAsync(int count, string who) => Wait.UntilAsync(() => _received.Count >= count, () => $"{who} has {count} deliveries (has {_received.Count})");

    internal sealed record Received(ulong DeliveryTag, bool Redelivered, byte[] Body)
    {
        public int Number => BitConverter.ToInt32(Body);
    }
}
