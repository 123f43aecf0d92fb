using Npgsql;
using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageConformanceTests(PostgresDatabaseFixture database)
    : GrainStorageConformanceTests<PostgresGrainStorage>
{
    private readonly List<NpgsqlDataSource> _dataSources = [];

    protected override async Task<PostgresGrainStorage> CreateStorageAsync()
    {
        var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        _dataSources.Add(dataSource);
        var storage = new PostgresGrainStorage(dataSource, new JsonGrainStorageSerializer());
        await storage.EnsureSchemaAsync();
        return storage;
    }

    protected override Task<PostgresGrainStorage> ReopenStorageAsync() => CreateStorageAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }
}
