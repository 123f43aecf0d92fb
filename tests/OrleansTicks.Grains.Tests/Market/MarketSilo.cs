using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Market;
using OrleansTicks.Grains.Storage;
using OrleansTicks.Runtime;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Market;

/// <summary>A silo with the market domain as the product hosts it (grains, bar store, checkpoint writer, ingestor), on the
/// storage engine the settings name, no feed unless told, and a manual clock.</summary>
public sealed class MarketSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private MarketSilo(IHost host, ManualTimeProvider clock)
    {
        _host = host;
        Clock = clock;
    }

    public ManualTimeProvider Clock { get; }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public TradeIngestor Ingestor => Services.GetRequiredService<TradeIngestor>();

    public MarketMetrics Metrics => Services.GetRequiredService<MarketMetrics>();

    public IBarStore Store => Services.GetRequiredService<IBarStore>();

    /// <summary>Starts a silo. <paramref name="settings"/> override: <c>Storage:Provider=Memory</c>, <c>Feed:Kind=none</c>.</summary>
    public static async Task<MarketSilo> StartAsync(Dictionary<string, string?>? settings = null, ManualTimeProvider? clock = null)
    {
        clock ??= new ManualTimeProvider(new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = new Dictionary<string, string?> { ["Storage:Provider"] = "Memory", ["Feed:Kind"] = "none" };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddLogging();
        builder.UseOrleansTicks(silo =>
        {
            _ = configuration["Storage:Provider"] switch
            {
                "Sqlite" => silo.AddSqliteGrainStorage(),
                "Postgres" => silo.AddPostgresGrainStorage(),
                _ => silo.AddMemoryGrainStorage(),
            };
            silo.AddMemoryStreams(TradeIngestor.StreamProviderName);
            silo.AddTicksMarket();
        });
        var host = builder.Build();
        await host.StartAsync();
        return new MarketSilo(host, clock);
    }

    /// <summary>Publishes <paramref name="trades"/> in batches and waits until the symbol grains have taken every
    /// accepted one (applied or dropped as a duplicate).</summary>
    public async Task PublishAsync(IReadOnlyList<Trade> trades, int batchSize = 512)
    {
        var before = Metrics.TradesApplied + Metrics.TradesDuplicate;
        var publishedBefore = Ingestor.Published;
        for (var i = 0; i < trades.Count; i += batchSize)
        {
            var batch = trades.Skip(i).Take(batchSize).ToArray();
            await Ingestor.PublishAsync(batch);
        }

        var expected = before + (Ingestor.Published - publishedBefore);
        await Wait.UntilAsync(() => Metrics.TradesApplied + Metrics.TradesDuplicate == expected, $"{expected - before} trades to reach the symbol grains");
    }

    /// <summary>Waits until every activation has finished its turns (before a test moves the manual clock).</summary>
    public Task WhenIdleAsync() =>
        Wait.UntilAsync(() => Services.GetRequiredService<SiloRuntime>().Catalog.AllActivations.All(a => a.IsIdle), "all activations to be idle");

    /// <summary>Stops the silo: grains deactivate, each committing its last checkpoint (partial bar included). The
    /// store stays readable until disposal.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    /// <summary>Ends the silo as a crash (SIGKILL) would: nothing is stopped, deactivated or written; whatever was
    /// not committed is gone. The store must be read through another silo.</summary>
    public void Crash()
    {
        _stopped = true;
        _host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
