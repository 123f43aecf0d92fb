using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Storage;

/// <summary>The bar-store tests that share one fresh PostgreSQL database.</summary>
[CollectionDefinition(Name)]
public sealed class BarStorePostgresCollection : ICollectionFixture<PostgresDatabaseFixture>
{
    public const string Name = "PostgreSQL bar store";
}
