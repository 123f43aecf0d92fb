namespace OrleansTicks.Cluster.Tests;

/// <summary>The cluster tests share the test broker (each with partition queues of its own) and run one at a time:
/// each starts several processes, which is all this machine's cores can give.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<RabbitMqFixture>
{
    public const string Name = "Cluster processes";
}
