using System.Globalization;
using RabbitMQ.Client;

namespace OrleansTicks.Runtime.Cluster.RabbitMq;

/// <summary>The RabbitMQ names of a deployment's fixed partitions: one durable direct exchange named
/// <see cref="ExchangeName"/> and <see cref="PartitionCount"/> durable queues <c>{prefix}.p0 … {prefix}.p{P-1}</c>,
/// each declared with <c>x-single-active-consumer</c> and bound with its partition number as routing key.</summary>
public sealed class PartitionTopology
{
    /// <summary>The most partitions a topology may have; far above any sensible deployment.</summary>
    public const int MaxPartitions = 4096;

    private readonly string[] _queueNames;
    private readonly string[] _routingKeys;

    /// <summary>Describes a topology; nothing is declared until <see cref="DeclareAsync"/>.</summary>
    /// <param name="prefix">The exchange's name and the queues' prefix, e.g. <c>ticks</c>.</param>
    /// <param name="partitionCount">How many partitions, 1 to <see cref="MaxPartitions"/>; fixed for the life of a deployment.</param>
    public PartitionTopology(string prefix, int partitionCount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (partitionCount is < 1 or > MaxPartitions)
        {
            throw new ArgumentOutOfRangeException(nameof(partitionCount), partitionCount, $"The partition count must be between 1 and {MaxPartitions}.");
        }

        // AMQP names are at most 255 bytes; the longest queue name must fit too.
        if (System.Text.Encoding.UTF8.GetByteCount(prefix) > 240)
        {
            throw new ArgumentException("The prefix must be at most 240 UTF-8 bytes (AMQP names are at most 255).", nameof(prefix));
        }

        ExchangeName = prefix;
        PartitionCount = partitionCount;
        _queueNames = new string[partitionCount];
        _routingKeys = new string[partitionCount];
        for (var partition = 0; partition < partitionCount; partition++)
        {
            _routingKeys[partition] = partition.ToString(CultureInfo.InvariantCulture);
            _queueNames[partition] = $"{prefix}.p{_routingKeys[partition]}";
        }
    }

    /// <summary>The direct exchange every partition message is published to.</summary>
    public string ExchangeName { get; }

    /// <summary>How many partitions.</summary>
    public int PartitionCount { get; }

    /// <summary>The queue of a partition, <c>{prefix}.p{partition}</c>.</summary>
    public string QueueName(int partition) => _queueNames[CheckPartition(partition)];

    /// <summary>The routing key of a partition: its number in invariant decimal.</summary>
    public string RoutingKey(int partition) => _routingKeys[CheckPartition(partition)];

    /// <summary>Declares the exchange, the queues and their bindings. Idempotent: declaring an existing topology with
    /// the same arguments changes nothing (RabbitMQ closes the channel if the arguments differ, e.g. a queue declared
    /// before without single active consumer).</summary>
    public async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await channel.ExchangeDeclareAsync(ExchangeName, ExchangeType.Direct, durable: true, autoDelete: false,
            arguments: null, cancellationToken: cancellationToken).ConfigureAwait(false);
        var arguments = new Dictionary<string, object?> { ["x-single-active-consumer"] = true };
        for (var partition = 0; partition < PartitionCount; partition++)
        {
            await channel.QueueDeclareAsync(_queueNames[partition], durable: true, exclusive: false, autoDelete: false,
                arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueBindAsync(_queueNames[partition], ExchangeName, _routingKeys[partition],
                arguments: null, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private int CheckPartition(int partition) =>
        (uint)partition < (uint)PartitionCount
            ? partition
            : throw new ArgumentOutOfRangeException(nameof(partition), partition, $"The partition must be between 0 and {PartitionCount - 1}.");
}
