using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Cluster.Leadership;

namespace OrleansTicks.Runtime.Tests.Cluster.Leadership;

public sealed class LeaderElectionRegistrationTests : IAsyncLifetime
{
    private LeadershipHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await LeadershipHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task AddPostgresLeaderElection_leads_each_role_while_the_host_runs_and_releases_at_stop()
    {
        var binance = new LeaderWork();
        var finnhub = new LeaderWork();
        using var host = Build(
            services => services
                .AddPostgresLeaderElection("feed:binance", (_, ct) => binance.For("host")(ct))
                .AddPostgresLeaderElection("feed:finnhub", (_, ct) => finnhub.For("host")(ct)),
            ("ConnectionStrings:Postgres", _harness.ConnectionString),
            ("Cluster:Leadership:RetryInterval", "00:00:00.1"),
            ("Cluster:Leadership:SessionTimeout", "00:02:00"));
        await host.StartAsync().Within();

        var elections = host.Services.GetServices<PostgresLeaderElection>().ToArray();
        Assert.Equal(["feed:binance", "feed:finnhub"], elections.Select(e => e.Role).Order());
        Assert.Same(elections.Single(e => e.Role == "feed:binance"), host.Services.GetRequiredKeyedService<PostgresLeaderElection>("feed:binance"));
        await Wait.UntilAsync(() => elections.All(e => e.IsLeader) && binance.Running == 1 && finnhub.Running == 1, "both roles to be led");
        Assert.Equal(new Dictionary<string, int> { ["feed:binance"] = 1, ["feed:finnhub"] = 1 }, ObserveLeaderGauge(host));
        var options = host.Services.GetRequiredService<IOptions<LeaderElectionOptions>>().Value;
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.RetryInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.CheckTimeout);

        await host.StopAsync().Within();

        Assert.Equal(0, binance.Running + finnhub.Running);
        Assert.Empty(await _harness.LockHoldersAsync(PostgresLeaderElection.LockKeyOf("feed:binance")));
        Assert.Empty(await _harness.LockHoldersAsync(PostgresLeaderElection.LockKeyOf("feed:finnhub")));
    }

    [Fact]
    public async Task Cluster_connection_string_is_preferred_over_ConnectionStrings_Postgres()
    {
        using var host = Build(
            services => services.AddPostgresLeaderElection("feed:binance", (_, _) => Task.CompletedTask),
            ("ConnectionStrings:Postgres", "Host=nowhere.invalid"),
            ("Cluster:ConnectionString", _harness.ConnectionString));
        await host.StartAsync().Within();
        Assert.Equal(_harness.ConnectionString, host.Services.GetRequiredService<IOptions<LeaderElectionOptions>>().Value.ConnectionString);
        await host.StopAsync().Within();
    }

    [Fact]
    public async Task Bad_setting_stops_the_host_at_start_naming_it()
    {
        using var host = Build(
            services => services.AddPostgresLeaderElection("feed:binance", (_, _) => Task.CompletedTask),
            ("ConnectionStrings:Postgres", _harness.ConnectionString),
            ("Cluster:Leadership:RetryInterval", "00:00:00"));
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Cluster:Leadership:RetryInterval must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPostgresLeaderElection_for_a_role_already_registered_throws()
    {
        var services = new ServiceCollection().AddPostgresLeaderElection("feed:binance", (_, _) => Task.CompletedTask);
        var error = Assert.Throws<InvalidOperationException>(() => services.AddPostgresLeaderElection("feed:binance", (_, _) => Task.CompletedTask));
        Assert.Contains("'feed:binance' is already registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPostgresLeaderElection_with_a_bad_role_throws_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddPostgresLeaderElection("feed binance", (_, _) => Task.CompletedTask));
        Assert.Contains("'feed binance'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPostgresLeaderElection_registers_a_hosted_service_and_one_validator_per_role_set()
    {
        var services = new ServiceCollection()
            .AddPostgresLeaderElection("feed:binance", (_, _) => Task.CompletedTask)
            .AddPostgresLeaderElection("feed:finnhub", (_, _) => Task.CompletedTask);
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IHostedService)));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<LeaderElectionOptions>));
    }

    [Theory]
    [InlineData("00:00:00", "00:00:01", "00:00:08", "Host=db", "Cluster:Leadership:RetryInterval must be positive")]
    [InlineData("-00:00:01", "00:00:01", "00:00:08", "Host=db", "Cluster:Leadership:RetryInterval must be positive")]
    [InlineData("00:00:02", "00:00:00", "00:00:08", "Host=db", "Cluster:Leadership:CheckTimeout must be positive")]
    [InlineData("00:00:02", "00:00:01", "00:00:00", "Host=db", "Cluster:Leadership:SessionTimeout must be positive")]
    [InlineData("00:00:02", "00:00:01", "00:00:05", "Host=db", "Cluster:Leadership:SessionTimeout (00:00:05) must be at least twice Cluster:Leadership:RetryInterval + Cluster:Leadership:CheckTimeout (00:00:03)")]
    [InlineData("2.00:00:00", "00:00:01", "00:00:08", "Host=db", "Cluster:Leadership:RetryInterval must be positive and at most a day")]
    [InlineData("00:00:02", "00:00:01", "00:00:08", null, "Cluster:ConnectionString (or ConnectionStrings:Postgres) of feed leader election is required")]
    [InlineData("00:00:02", "00:00:01", "00:00:08", "Port=5432", "of feed leader election names no Host")]
    [InlineData("00:00:02", "00:00:01", "00:00:08", "NoSuchKeyword=1", "of feed leader election is not a valid connection string")]
    public void Validator_rejects_a_bad_setting_naming_it(string retry, string check, string session, string? connectionString, string expected)
    {
        var options = new LeaderElectionOptions
        {
            RetryInterval = TimeSpan.Parse(retry, CultureInfo.InvariantCulture),
            CheckTimeout = TimeSpan.Parse(check, CultureInfo.InvariantCulture),
            SessionTimeout = TimeSpan.Parse(session, CultureInfo.InvariantCulture),
            ConnectionString = connectionString,
        };
        var result = new LeaderElectionOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_accepts_the_defaults_with_a_connection_string()
    {
        var options = new LeaderElectionOptions { ConnectionString = "Host=db;Username=u" };
        Assert.True(new LeaderElectionOptionsValidator().Validate(null, options).Succeeded);
    }

    // Reads the gauge orleansticks.cluster.leader of this host's meters only (other tests' hosts run alongside).
    private static Dictionary<string, int> ObserveLeaderGauge(IHost host)
    {
        var scope = host.Services.GetRequiredService<IMeterFactory>();
        var values = new Dictionary<string, int>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "orleansticks.cluster.leader" && instrument.Meter.Scope == scope)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) => values[(string)tags[0].Value!] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    private static IHost Build(Action<IServiceCollection> register, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Services.AddLogging();
        register(builder.Services);
        return builder.Build();
    }
}
