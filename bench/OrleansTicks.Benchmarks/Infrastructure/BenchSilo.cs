using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansTicks.Benchmarks.Grains;
using OrleansTicks.Runtime.Streams;

namespace OrleansTicks.Benchmarks.Infrastructure;

/// <summary>A silo in a host of its own, as an application would host it, with the benchmark grains and an
/// in-memory stream provider.</summary>
public sealed class BenchSilo : IAsyncDisposable
{
    public const string StreamProviderName = "bench";

    private readonly IHost _host;

    private BenchSilo(IHost host)
    {
        _host = host;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
        Streams = host.Services.GetRequiredKeyedService<IStreamProvider>(StreamProviderName);
        Deliveries = host.Services.GetRequiredService<DeliveryCounter>();
    }

    public IGrainFactory Grains { get; }

    public IStreamProvider Streams { get; }

    public DeliveryCounter Deliveries { get; }

    public static async Task<BenchSilo> StartAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging(); // no provider: logging costs nothing on the measured paths
        builder.Services.AddSingleton<DeliveryCounter>();
        builder.UseOrleansTicks(silo => silo
            .AddGrain<PingGrain>()
            .AddGrain<StreamSumGrain>()
            // Not for state: activation resolves IGrainStorageSerializer even for grains without persistent state,
            // and this registers it.
            .AddMemoryGrainStorage()
            .AddMemoryStreams(StreamProviderName));
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
