using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Cluster.Membership;

namespace OrleansTicks.Runtime.Tests.Cluster;

public sealed class MembershipRegistrationTests : IAsyncLifetime
{
    private MembershipHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await MembershipHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task AddPostgresMembership_joins_at_start_and_leaves_at_stop()
    {
        using var host = Build(
            ("ConnectionStrings:Postgres", _harness.ConnectionString),
            ("Cluster:SiloId", "silo-from-config"),
            ("Cluster:HeartbeatInterval", "00:00:00.2"),
            ("Cluster:Partitions", "8"));
        await host.StartAsync().Within();
        var agent = host.Services.GetRequiredService<MembershipAgent>();
        await Wait.UntilAsync(() => agent.View.LiveSilos.SequenceEqual(["silo-from-config"]), "the agent to see itself");
        Assert.Equal(Enumerable.Range(0, 8), agent.OwnedPartitions);
        Assert.Equal(TimeSpan.FromSeconds(10), host.Services.GetRequiredService<IOptions<MembershipOptions>>().Value.DeadAfter);

        await host.StopAsync().Within();
        Assert.Equal(MemberStatus.Leaving, (await _harness.ReadMemberAsync("silo-from-config")).Status);
    }

    [Fact]
    public async Task AddPostgresMembership_without_a_silo_id_stops_the_host_at_start_naming_the_setting()
    {
        using var host = Build(("ConnectionStrings:Postgres", _harness.ConnectionString));
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Cluster:SiloId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPostgresMembership_called_twice_registers_one_agent()
    {
        var services = new ServiceCollection().AddPostgresMembership().AddPostgresMembership();
        Assert.Single(services, d => d.ServiceType == typeof(MembershipAgent));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
    }

    [Theory]
    [InlineData(null, "00:00:02", "00:00:10", 32, "Host=db", "Cluster:SiloId is required")]
    [InlineData("silo 0", "00:00:02", "00:00:10", 32, "Host=db", "Cluster:SiloId 'silo 0'")]
    [InlineData("silo-0", "00:00:00", "00:00:10", 32, "Host=db", "Cluster:HeartbeatInterval must be positive")]
    [InlineData("silo-0", "00:00:02", "00:00:03", 32, "Host=db", "Cluster:DeadAfter (00:00:03) must be at least twice Cluster:HeartbeatInterval")]
    [InlineData("silo-0", "00:00:02", "00:00:10", 0, "Host=db", "Cluster:Partitions must be between 1 and 4096")]
    [InlineData("silo-0", "00:00:02", "00:00:10", 5000, "Host=db", "Cluster:Partitions must be between 1 and 4096")]
    [InlineData("silo-0", "00:00:02", "00:00:10", 32, null, "ConnectionStrings:Postgres) of cluster membership is required")]
    [InlineData("silo-0", "00:00:02", "00:00:10", 32, "Port=5432", "names no Host")]
    [InlineData("silo-0", "00:00:02", "00:00:10", 32, "NoSuchKeyword=1", "is not a valid connection string")]
    public void Validator_rejects_a_bad_setting_naming_it(string? siloId, string heartbeat, string deadAfter, int partitions, string? connectionString, string expected)
    {
        var options = new MembershipOptions
        {
            SiloId = siloId,
            HeartbeatInterval = TimeSpan.Parse(heartbeat, System.Globalization.CultureInfo.InvariantCulture),
            DeadAfter = TimeSpan.Parse(deadAfter, System.Globalization.CultureInfo.InvariantCulture),
            Partitions = partitions,
            ConnectionString = connectionString,
        };
        var result = new MembershipOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_accepts_the_defaults_with_a_silo_id_and_connection_string()
    {
        var options = new MembershipOptions { SiloId = "orleansticks-silo-0", ConnectionString = "Host=db;Username=u" };
        Assert.True(new MembershipOptionsValidator().Validate(null, options).Succeeded);
    }

    private static IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Services.AddLogging();
        builder.Services.AddPostgresMembership();
        return builder.Build();
    }
}
