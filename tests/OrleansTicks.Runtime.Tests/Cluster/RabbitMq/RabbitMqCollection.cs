namespace OrleansTicks.Runtime.Tests.Cluster.RabbitMq;

/// <summary>The tests that share the test broker (each with exchanges and queues of its own).</summary>
[CollectionDefinition(Name)]
public sealed class RabbitMqCollection : ICollectionFixture<RabbitMqFixture>
{
    public const string Name = "RabbitMQ";
}
