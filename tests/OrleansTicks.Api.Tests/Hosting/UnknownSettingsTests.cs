namespace OrleansTicks.Api.Tests.Hosting;

/// <summary>A key the options classes do not take stops the process at start naming it, instead of being ignored
/// (a typo would otherwise leave the default in force without a word).</summary>
public sealed class UnknownSettingsTests
{
    [Theory]
    [InlineData("Hub:MaxQuotesPerSecnd", "0", "Hub:MaxQuotesPerSecnd is not a setting; the settings of Hub are MaxPendingMessages, MaxQuotesPerSecond,")]
    [InlineData("Rest:HistoryCacheDurations", "00:00:05", "Rest:HistoryCacheDurations is not a setting; the settings of Rest are")]
    [InlineData("RateLimit:PermitsPerSec", "5", "RateLimit:PermitsPerSec is not a setting")]
    [InlineData("Api:MaxBodyBytes", "5", "Api:MaxBodyBytes is not a setting; the settings of Api are MaxRequestBodyBytes.")]
    [InlineData("Auth:Keys:0:Key", "0123456789abcdef0123", "Auth:Keys is not a setting; the settings of Auth are ApiKeys.")]
    [InlineData("Market:RecentBar", "5", "Market:RecentBar is not a setting")]
    [InlineData("Silo:ResponseTimeOut2", "00:00:05", "Silo:ResponseTimeOut2 is not a setting")]
    [InlineData("Feed:Kinds", "none", "Feed:Kinds is not a setting; the settings of Feed are Kind, MaxClockSkew, Symbols, Token, UnsubscribeGrace, Url, Simulator:…, Binance:…")]
    [InlineData("Feed:Simulator:TradesPerSecnd", "5", "Feed:Simulator:TradesPerSecnd is not a setting; the settings of Feed:Simulator are")]
    [InlineData("Cluster:Mod", "rabbitmq", "Cluster:Mod is not a setting; the settings of Cluster are CheckpointInterval, ConnectionString, DeadAfter, HeartbeatInterval, Mode, Partitions,")]
    [InlineData("Cluster:Partitons", "16", "Cluster:Partitons is not a setting")]
    [InlineData("Cluster:Leadership:SessionTimout", "00:00:05", "Cluster:Leadership:SessionTimout is not a setting; the settings of Cluster:Leadership are CheckTimeout, ConnectionString, RetryInterval, SessionTimeout.")]
    [InlineData("Storage:Providr", "Postgres", "Storage:Providr is not a setting; the settings of Storage are Provider, Sqlite:…, Postgres:…")]
    [InlineData("Storage:Sqlite:BusyTimout", "00:00:05", "Storage:Sqlite:BusyTimout is not a setting; the settings of Storage:Sqlite are BusyTimeout, ConnectionString")]
    [InlineData("Storage:Sqlite:Archive:ConnectionStrin", "Data Source=x.db", "Storage:Sqlite:Archive:ConnectionStrin is not a setting")]
    [InlineData("Storage:Postgres:Connection", "Host=127.0.0.1", "Storage:Postgres:Connection is not a setting; the settings of Storage:Postgres are ConnectionString.")]
    public async Task An_unknown_setting_stops_the_process_at_start_naming_it_and_the_valid_ones(string key, string value, string expected)
    {
        await using var factory = new TicksApiFactory().With(key, value);

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_are_matched_case_insensitively_as_the_binder_does_and_connector_sections_are_their_own()
    {
        await using var factory = new TicksApiFactory()
            .With("Feed:Kind", "simulator").With("hub:maxquotespersecond", "5").With("Feed:Simulator:TradesPerSecond", "10")
            .With("Feed:Binance:Stream", "aggTrade") // the binance connector is not selected: its section is not checked here
            .With("cluster:deadafter", "00:00:20").With("Cluster:Leadership:RetryInterval", "00:00:03") // one ConfigMap serves every mode
            .With("Storage:Sqlite:Archive:BusyTimeout", "00:00:05"); // a named provider's section

        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/health/live");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
