namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>Settings of the cluster transport, bound from the section <c>Cluster</c> (the section membership reads
/// too: <see cref="SiloId"/> and <see cref="Partitions"/> are the same settings); the broker from
/// <c>ConnectionStrings:RabbitMq</c>. Validated at start when <see cref="Mode"/> is
/// <see cref="ClusterMode.RabbitMq"/> (<see cref="ClusterOptionsValidator"/>).</summary>
public sealed class ClusterOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cluster";

    /// <summary>The name under <c>ConnectionStrings</c> of the broker's AMQP URI.</summary>
    public const string RabbitMqConnectionStringName = "RabbitMq";

    /// <summary><c>none</c> (one process, the default) or <c>rabbitmq</c>.</summary>
    public ClusterMode Mode { get; set; } = ClusterMode.None;

    /// <summary>This node's id, unique in the cluster and stable across restarts: the pod name in Kubernetes. Silos
    /// and api nodes alike; it names the node's own queue. Letters, digits, '.', '_' and '-' only.</summary>
    public string? SiloId { get; set; }

    /// <summary>How many partitions the deployment has (default 32); fixed for its life.</summary>
    public int Partitions { get; set; } = 32;

    /// <summary>The broker's AMQP URI (<c>ConnectionStrings:RabbitMq</c>), e.g. <c>amqp://user:password@rabbitmq:5672/</c>.</summary>
    public string? RabbitMq { get; set; }

    /// <summary>The prefix of every exchange and queue name (default <c>ticks</c>): <c>ticks.p0…</c>, <c>ticks.work</c>,
    /// <c>ticks.node.{id}</c>.</summary>
    public string QueuePrefix { get; set; } = "ticks";

    /// <summary>How many deliveries of one partition the broker sends ahead of their acknowledgement (default 512).</summary>
    public int Prefetch { get; set; } = 512;

    /// <summary>How many stream messages of one partition may await the broker's confirm at once (default 1). The
    /// broker confirms a persistent message once it is on disk: with a window above 1 the next trades go out meanwhile
    /// instead of waiting for that write, at the price of more, smaller messages (on the 2-core test machine a window
    /// of 4 halved the cluster's ingestion rate and did not change its latency; see docs/CLUSTER.md).</summary>
    public int PublishWindow { get; set; } = 1;

    /// <summary>How often a silo checkpoints each partition it owns and then acknowledges what the checkpoint covers
    /// (default 1 s): what a crash can make the next owner process again.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

}
