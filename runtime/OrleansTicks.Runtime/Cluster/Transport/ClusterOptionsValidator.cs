using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Cluster.RabbitMq;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>Checks <see cref="ClusterOptions"/> at start, naming the bad setting. Nothing is required in
/// <see cref="ClusterMode.None"/>.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    private const string Section = ClusterOptions.SectionName;

    /// <summary>A window beyond this buys no latency and only makes more, smaller messages.</summary>
    internal const int MaxPublishWindow = 64;

    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Mode))
        {
            return ValidateOptionsResult.Fail($"{Section}:Mode must be none or rabbitmq, not {options.Mode}.");
        }

        if (options.Mode == ClusterMode.None)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.SiloId))
        {
            failures.Add($"{Section}:SiloId is required in cluster mode: this node's name, unique and stable (in Kubernetes the pod name).");
        }
        else if (options.SiloId.Length > 200 || !options.SiloId.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            failures.Add($"{Section}:SiloId '{options.SiloId}' may hold only letters, digits, '.', '_' and '-' (at most 200): it names a queue and prefixes observer ids.");
        }

        if (options.Partitions is < 1 or > PartitionTopology.MaxPartitions)
        {
            failures.Add($"{Section}:Partitions must be between 1 and {PartitionTopology.MaxPartitions} (default 32), not {options.Partitions}.");
        }

        if (!Uri.TryCreate(options.RabbitMq, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            failures.Add($"ConnectionStrings:{ClusterOptions.RabbitMqConnectionStringName} must be the broker's AMQP URI (amqp://user:password@host:5672/vhost) in cluster mode; it is '{options.RabbitMq}'.");
        }

        if (string.IsNullOrEmpty(options.QueuePrefix) || !options.QueuePrefix.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            failures.Add($"{Section}:QueuePrefix must be letters, digits, '.', '_' or '-' (default ticks), not '{options.QueuePrefix}'.");
        }

        if (options.Prefetch is < 1 or > ushort.MaxValue)
        {
            failures.Add($"{Section}:Prefetch must be between 1 and {ushort.MaxValue} (default 512), not {options.Prefetch}.");
        }

        if (options.PublishWindow is < 1 or > MaxPublishWindow)
        {
            failures.Add($"{Section}:PublishWindow must be between 1 and {MaxPublishWindow} (default 1), not {options.PublishWindow}.");
        }

        if (options.CheckpointInterval < TimeSpan.FromMilliseconds(10) || options.CheckpointInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Section}:CheckpointInterval must be between 00:00:00.010 and 00:01:00 (default 00:00:01), not {options.CheckpointInterval}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
