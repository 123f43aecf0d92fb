using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Hosting;

namespace OrleansTicks.Runtime.Tests.Infrastructure;

/// <summary>A silo in a host of its own, with the test grains, memory storage and streams, a manual clock and
/// a probe that grains report to.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private TestSilo(IHost host, ManualTimeProvider clock)
    {
        Host = host;
        Clock = clock;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
        Probe = host.Services.GetRequiredService<Probe>();
    }

    public IHost Host { get; }

    public ManualTimeProvider Clock { get; }

    public IGrainFactory Grains { get; }

    public Probe Probe { get; }

    internal SiloRuntime Runtime => Host.Services.GetRequiredService<SiloRuntime>();

    internal SiloMaintenance Maintenance => Host.Services.GetRequiredService<SiloHostedService>().Maintenance;

    public static async Task<TestSilo> StartAsync(
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        ManualTimeProvider? clock = null)
    {
        var host = Build(settings, services, clock ??= new ManualTimeProvider());
        await host.StartAsync();
        return new TestSilo(host, clock);
    }

    public static IHost Build(Dictionary<string, string?>? settings, Action<IServiceCollection>? services, TimeProvider clock)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton<Probe>();
        builder.Services.AddLogging();
        builder.UseOrleansTicks(silo => silo
            .AddGrainsFromAssembly(typeof(TestSilo).Assembly)
            .AddMemoryGrainStorage()
            .AddMemoryStreams("memory"));
        services?.Invoke(builder.Services); // last, so a test's registrations override the defaults
        return builder.Build();
    }

    /// <summary>Waits until every activation has finished its turns. A caller gets its result a moment before the
    /// activation records the end of the turn, so a test that moves the manual clock waits for this first.</summary>
    public Task WhenIdleAsync() =>
        Wait.UntilAsync(() => Runtime.Catalog.AllActivations.All(a => a.IsIdle), "all activations to be idle");

    public async Task StopAsync() => await Host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
