using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansTicks.Runtime.Hosting;

namespace OrleansTicks.Runtime.Tests.Storage;

/// <summary>A bare <see cref="ISiloBuilder"/> over a host builder with only the given settings, so storage
/// registrations are tested without the rest of the silo (and without environment variables or appsettings).</summary>
public sealed class TestSiloBuilder : ISiloBuilder
{
    private TestSiloBuilder(HostApplicationBuilder host)
    {
        Host = host;
    }

    public HostApplicationBuilder Host { get; }

    public IServiceCollection Services => Host.Services;

    public IConfiguration Configuration => Host.Configuration;

    public static TestSiloBuilder Create(params (string Key, string? Value)[] settings)
    {
        var host = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        host.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)));
        host.Services.AddLogging();
        return new TestSiloBuilder(host);
    }
}
