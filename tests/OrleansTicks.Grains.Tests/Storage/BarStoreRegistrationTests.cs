using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Storage;
using static OrleansTicks.Grains.Tests.Storage.TestBars;

namespace OrleansTicks.Grains.Tests.Storage;

public sealed class BarStoreRegistrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("orleansticks-bar-host-").FullName;

    [Fact]
    public async Task AddBarStore_by_default_uses_a_file_beside_the_grain_state_file_and_creates_its_table_at_start()
    {
        var path = Path.Combine(_directory, "nested", "ticks-bars.db");
        using var host = BarStoreHost.Build(("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(_directory, "nested", "ticks.db")}"));

        await host.StartAsync();
        var store = host.Services.GetRequiredService<IBarStore>();
        await store.MergeAsync([new SymbolBar("AAPL", Simple(0))]);

        Assert.IsType<SqliteBarStore>(store);
        Assert.True(File.Exists(path));
        Assert.True(await store.HasBarsAsync("AAPL"));
        var report = await BarStoreHost.CheckReadinessAsync(host);
        Assert.Equal(HealthStatus.Healthy, report.Entries["bar-store"].Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddBarStore_sqlite_section_connection_string_overrides_the_connection_strings_entry()
    {
        var path = Path.Combine(_directory, "section-bars.db");
        using var host = BarStoreHost.Build(
            ("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(_directory, "ignored.db")}"),
            ("Storage:Sqlite:ConnectionString", $"Data Source={Path.Combine(_directory, "section.db")}"),
            ("Storage:Sqlite:BusyTimeout", "00:00:05"));

        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<BarStoreOptions>>().Value;
        Assert.Equal((BarStoreProvider.Sqlite, $"Data Source={path}", TimeSpan.FromSeconds(5)), (options.Provider, options.SqliteConnectionString, options.SqliteBusyTimeout));
        Assert.True(File.Exists(path));
        Assert.False(File.Exists(Path.Combine(_directory, "ignored-bars.db")));
        await host.StopAsync();
    }

    [Fact]
    public async Task AddBarStore_takes_the_bars_file_from_SqliteBars_when_given()
    {
        var path = Path.Combine(_directory, "elsewhere.db");
        using var host = BarStoreHost.Build(
            ("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(_directory, "state.db")}"),
            ("ConnectionStrings:SqliteBars", $"Data Source={path}"));

        await host.StartAsync();

        Assert.Equal($"Data Source={path}", host.Services.GetRequiredService<IOptions<BarStoreOptions>>().Value.SqliteConnectionString);
        Assert.True(File.Exists(path));
        Assert.False(File.Exists(Path.Combine(_directory, "state-bars.db")));
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Memory")]
    [InlineData("memory")]
    public async Task AddBarStore_with_provider_memory_uses_the_memory_store_that_is_ready(string provider)
    {
        using var host = BarStoreHost.Build(("Storage:Provider", provider));

        await host.StartAsync();

        Assert.IsType<MemoryBarStore>(host.Services.GetRequiredService<IBarStore>());
        Assert.Equal(HealthStatus.Healthy, (await BarStoreHost.CheckReadinessAsync(host)).Entries["bar-store"].Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddBarStore_with_provider_postgres_and_no_connection_string_stops_the_host_naming_the_setting()
    {
        using var host = BarStoreHost.Build(("Storage:Provider", "Postgres"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ConnectionStrings:Postgres", error.Message, StringComparison.Ordinal);
        Assert.Contains("is required when Storage:Provider is Postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddBarStore_with_an_in_memory_sqlite_database_stops_the_host()
    {
        using var host = BarStoreHost.Build(("ConnectionStrings:Sqlite", "Data Source=:memory:"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ConnectionStrings:Sqlite", error.Message, StringComparison.Ordinal);
        Assert.Contains("in-memory", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cassandra")]
    [InlineData("1")]
    public void AddBarStore_with_an_unknown_provider_throws_listing_the_valid_ones(string provider)
    {
        var error = Assert.Throws<InvalidOperationException>(() => BarStoreHost.Build(("Storage:Provider", provider)));

        Assert.Equal($"Storage:Provider is '{provider}'; valid: Sqlite, Postgres, Memory.", error.Message);
    }

    [Fact]
    public void AddBarStore_called_twice_keeps_one_store_and_one_health_check()
    {
        var services = new ServiceCollection();
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();

        services.AddBarStore(configuration, BarStoreProvider.Sqlite).AddBarStore(configuration, BarStoreProvider.Memory);

        Assert.Single(services, d => d.ServiceType == typeof(IBarStore));
        using var provider = services.BuildServiceProvider();
        Assert.IsType<MemoryBarStore>(provider.GetRequiredService<IBarStore>());
        Assert.Single(provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == "bar-store");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
