using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansTicks.Grains.Storage;
using OrleansTicks.TestKit;
using static OrleansTicks.Grains.Tests.Storage.TestBars;

namespace OrleansTicks.Grains.Tests.Storage;

[Collection(BarStorePostgresCollection.Name)]
public sealed class PostgresBarStoreRegistrationTests(PostgresDatabaseFixture database)
{
    [Fact]
    public async Task AddBarStore_with_provider_postgres_creates_the_table_at_start_and_is_ready()
    {
        using var host = BarStoreHost.Build(("Storage:Provider", "Postgres"), ("ConnectionStrings:Postgres", database.ConnectionString));

        await host.StartAsync();
        var store = host.Services.GetRequiredService<IBarStore>();
        var symbol = NewSymbol();
        await store.MergeAsync([new SymbolBar(symbol, Simple(0))]);

        Assert.IsType<PostgresBarStore>(store);
        Assert.True(await store.HasBarsAsync(symbol));
        Assert.Equal(HealthStatus.Healthy, (await BarStoreHost.CheckReadinessAsync(host)).Entries["bar-store"].Status);
        await host.StopAsync();
    }
}
