
namespace OrleansTicks.Runtime.Tests.Storage;

/// <summary>The tests that share one fresh PostgreSQL database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresDatabaseFixture>
{
    public const string Name = "PostgreSQL";
}
