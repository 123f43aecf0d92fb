using OrleansTicks.Deploy.Tests.Apps;
using OrleansTicks.Deploy.Tests.Configuration;

namespace OrleansTicks.Deploy.Tests;

/// <summary>The checker behind the overlays' key test: it must accept what the code reads and refuse the rest,
/// or that test could not fail.</summary>
public sealed class ConfigurationKeyCatalogTests
{
    private static readonly ConfigurationKeyCatalog Api = ConfigurationKeyCatalog.Of(AppImage.Api.EntryAssembly);
    private static readonly ConfigurationKeyCatalog Silo = ConfigurationKeyCatalog.Of(AppImage.Silo.EntryAssembly);

    [Theory]
    [InlineData("Feed:Kind")]
    [InlineData("feed:kind")]
    [InlineData("Feed:Symbols:0")]
    [InlineData("Feed:Yahoo:PollInterval")]
    [InlineData("Market:RecentBars")]
    [InlineData("Silo:ShutdownTimeout")]
    [InlineData("Storage:Provider")]
    [InlineData("Storage:Postgres:ConnectionString")]
    [InlineData("ConnectionStrings:Postgres")]
    [InlineData("ConnectionStrings:Sqlite")]
    [InlineData("Cluster:SiloId")]
    [InlineData("Cluster:Partitions")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("Auth:ApiKeys:0:Key")]
    [InlineData("RateLimit:PermitsPerSecond")]
    public void Keys_the_api_process_reads_are_found(string key)
    {
        Assert.True(Api.Contains(key), key);
    }

    [Theory]
    [InlineData("Feed:Kindd")]
    [InlineData("Feed:Symbols:first")]
    [InlineData("Feed:Symbols:0:Name")]
    [InlineData("Market:RecentBars:Extra")]
    [InlineData("Market")]
    [InlineData("Storage:Provider:Name")]
    [InlineData("ConnectionStrings:Oracle")]
    [InlineData("Nope:Thing")]
    [InlineData("Auth:ApiKeys:0:Secret")]
    public void Keys_no_code_reads_are_refused(string key)
    {
        Assert.False(Api.Contains(key), key);
    }

    [Theory]
    [InlineData("Auth:ApiKeys:0:Key")]
    [InlineData("RateLimit:PermitsPerSecond")]
    [InlineData("Hub:MaxQuotesPerSecond")]
    public void Api_only_keys_are_refused_for_the_silo_process(string key)
    {
        Assert.True(Api.Contains(key), key);
        Assert.False(Silo.Contains(key), key);
    }

    [Theory]
    [InlineData("Feed__Kind", "Feed:Kind")]
    [InlineData("ConnectionStrings__Postgres", "ConnectionStrings:Postgres")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    public void Environment_names_map_to_configuration_keys(string name, string key)
    {
        Assert.Equal(key, ConfigurationKeyCatalog.FromEnvironmentName(name));
    }
}
