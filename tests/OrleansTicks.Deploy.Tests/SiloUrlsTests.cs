using Microsoft.Extensions.Configuration;
using OrleansTicks.Silo.Hosting;

namespace OrleansTicks.Deploy.Tests;

public sealed class SiloUrlsTests
{
    [Fact]
    public void Unconfigured_silo_listens_on_loopback_port_8081()
    {
        var configuration = new ConfigurationBuilder().Build();

        Assert.False(SiloUrls.IsConfigured(configuration));
        var url = new Uri(SiloUrls.LoopbackUrl);
        Assert.True(url.IsLoopback, url.ToString());
        Assert.Equal(8081, url.Port);
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:9000")]
    [InlineData("HTTP_PORTS", "8081")]
    [InlineData("https_ports", "8443")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:9000")]
    public void Configured_urls_or_ports_replace_the_loopback_default(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        Assert.True(SiloUrls.IsConfigured(configuration));
    }
}
