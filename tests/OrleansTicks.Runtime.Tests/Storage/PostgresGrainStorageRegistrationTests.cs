using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageRegistrationTests(PostgresDatabaseFixture database)
{
    [Fact]
    public async Task AddPostgresGrainStorage_falls_back_to_ConnectionStrings_Postgres_and_creates_the_schema_at_start()
    {
        var silo = TestSiloBuilder.Create(("ConnectionStrings:Postgres", database.ConnectionString));
        var grainId = new GrainId("registration", $"postgres-{Guid.NewGuid():N}");
        var state = new GrainState<ConformanceState>(ConformanceState.Sample("through DI"));

        silo.AddPostgresGrainStorage("Cluster");
        using (var host = silo.Host.Build())
        {
            await host.StartAsync();
            var storage = Assert.IsType<PostgresGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>("Cluster"));
            await storage.WriteStateAsync("state", grainId, state);
            await host.StopAsync();
        }

        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var read = new GrainState<ConformanceState>(ConformanceState.Sample("empty"));
        await new PostgresGrainStorage(dataSource, new JsonGrainStorageSerializer()).ReadStateAsync("state", grainId, read);
        Assert.Equal(state.State, read.State);
    }
}
