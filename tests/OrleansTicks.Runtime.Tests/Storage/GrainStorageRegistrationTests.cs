using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Tests.Storage;

public sealed class GrainStorageRegistrationTests(SqliteDatabaseFixture database) : IClassFixture<SqliteDatabaseFixture>
{
    [Fact]
    public async Task AddMemoryGrainStorage_registers_a_keyed_provider_under_its_name_and_the_json_serializer()
    {
        var silo = TestSiloBuilder.Create();

        silo.AddMemoryGrainStorage().AddMemoryGrainStorage("Archive");
        using var host = silo.Host.Build();
        await host.StartAsync();

        Assert.IsType<MemoryGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.NotSame(host.Services.GetRequiredKeyedService<IGrainStorage>("Default"), host.Services.GetRequiredKeyedService<IGrainStorage>("Archive"));
        Assert.IsType<JsonGrainStorageSerializer>(host.Services.GetRequiredService<IGrainStorageSerializer>());
        await host.StopAsync();
    }

    [Fact]
    public async Task AddSqliteGrainStorage_binds_Storage_Sqlite_and_creates_the_schema_at_start()
    {
        var path = Path.Combine(Path.GetDirectoryName(database.DatabasePath)!, "nested", "configured.db");
        var silo = TestSiloBuilder.Create(("Storage:Sqlite:ConnectionString", $"Data Source={path}"), ("Storage:Sqlite:BusyTimeout", "00:00:05"));

        silo.AddSqliteGrainStorage();
        using var host = silo.Host.Build();
        await host.StartAsync();

        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var state = new GrainState<ConformanceState>(ConformanceState.Sample("through DI"));
        await storage.WriteStateAsync("state", new GrainId("registration", "sqlite"), state);
        Assert.True(File.Exists(path));
        Assert.Equal(TimeSpan.FromSeconds(5), host.Services.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get("Default").BusyTimeout);
        await host.StopAsync();
    }

    [Fact]
    public void AddSqliteGrainStorage_binds_ConnectionStrings_then_Storage_Sqlite_then_the_named_section_then_configure()
    {
        var silo = TestSiloBuilder.Create(
            ("ConnectionStrings:Sqlite", "Data Source=fallback.db"),
            ("Storage:Sqlite:BusyTimeout", "00:00:09"),
            ("Storage:Sqlite:Archive:ConnectionString", "Data Source=archive.db"),
            ("Storage:Sqlite:Default:BusyTimeout", "00:00:07"));

        silo.AddSqliteGrainStorage().AddSqliteGrainStorage("Archive").AddSqliteGrainStorage("Tuned", o => o.ConnectionString = "Data Source=tuned.db");
        using var provider = silo.Services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>();

        Assert.Equal("Data Source=fallback.db", options.Get("Default").ConnectionString);
        Assert.Equal("Data Source=archive.db", options.Get("Archive").ConnectionString);
        Assert.Equal("Data Source=tuned.db", options.Get("Tuned").ConnectionString);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Get("Default").BusyTimeout);
        Assert.Equal(TimeSpan.FromSeconds(9), options.Get("Archive").BusyTimeout);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=shared;Mode=Memory;Cache=Shared")]
    [InlineData("Data Source=")]
    [InlineData("NoSuchKeyword=1")]
    public async Task AddSqliteGrainStorage_with_unusable_connection_string_stops_the_host_naming_the_setting(string connectionString)
    {
        var silo = TestSiloBuilder.Create(("Storage:Sqlite:ConnectionString", connectionString));

        silo.AddSqliteGrainStorage();
        using var host = silo.Host.Build();
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Storage:Sqlite:ConnectionString", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPostgresGrainStorage_without_connection_string_stops_the_host_naming_the_setting()
    {
        var silo = TestSiloBuilder.Create();

        silo.AddPostgresGrainStorage();
        using var host = silo.Host.Build();
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Storage:Postgres:ConnectionString", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Postgres", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_extensions_reject_a_null_builder_and_a_blank_name()
    {
        Assert.Throws<ArgumentNullException>(() => GrainStorageSiloBuilderExtensions.AddMemoryGrainStorage(null!));
        Assert.Throws<ArgumentException>(() => TestSiloBuilder.Create().AddSqliteGrainStorage(" "));
    }
}
