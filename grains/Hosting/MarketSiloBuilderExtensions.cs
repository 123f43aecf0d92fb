using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Binance;
using OrleansTicks.Grains.Feeds.Demand;
using OrleansTicks.Grains.Feeds.Finnhub;
using OrleansTicks.Grains.Feeds.Replay;
using OrleansTicks.Grains.Feeds.Simulator;
using OrleansTicks.Grains.Feeds.Yahoo;
using OrleansTicks.Grains.Market;
using OrleansTicks.Grains.Regeneration;
using OrleansTicks.Grains.Symbols;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Runtime.Cluster.Streams;
using OrleansTicks.Runtime.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the market domain to a silo: the grains, the bar store and its checkpoint writer, the symbol directory,
/// the feed ingestor with the connector <c>Feed:Kind</c> names, and history bootstrapping. Call it inside
/// <c>UseOrleansTicks</c>, after the silo's own services: the ingestor then stops before the silo, which drains the
/// streams and deactivates the grains (each committing its last checkpoint), and the checkpoint writer commits what is
/// left after both.</summary>
public static class MarketSiloBuilderExtensions
{
    /// <summary>Adds the market domain; see the type's summary. <paramref name="feed"/> says where the feed runs: here
    /// (one process), on the elected silo (a cluster silo), or elsewhere (a cluster api node, which hosts no grains and
    /// runs no ingestor, checkpoint writer or demand watcher, but reads bars and knows the symbols).</summary>
    public static ISiloBuilder AddTicksMarket(this ISiloBuilder silo, FeedIngestorPlacement feed = FeedIngestorPlacement.Local)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        silo.AddGrainsFromAssembly(typeof(SymbolGrain).Assembly);
        services.TryAddSingleton(new FeedIngestorHost(feed));
        services.TryAddSingleton<IStreamBatchCodec<Trade>, TradeStreamCodec>();
        var hostsGrains = feed != FeedIngestorPlacement.Elsewhere;

        services.AddOptions<MarketOptions>().BindConfiguration(MarketOptions.SectionName).RejectUnknownSettings(MarketOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<MarketMetrics>();
        services.AddBarStore(silo.Configuration);
        services.TryAddSingleton<CheckpointWriter>();
        if (hostsGrains)
        {
            services.AddHostedService(sp => sp.GetRequiredService<CheckpointWriter>());
        }

        services.TryAddSingleton(_ => SymbolDirectory.LoadEmbedded());

        services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.SectionName)
            .RejectUnknownSettings(FeedOptions.SectionName, FeedOptions.ConnectorSections)
            .BindCommaList($"{FeedOptions.SectionName}:{nameof(FeedOptions.Symbols)}", static (o, list) => o.Symbols = list).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FeedOptions>, FeedOptionsValidator>());
        services.TryAddSingleton<FeedKinds>();
        services.TryAddSingleton<TradeIngestor>();
        services.TryAddSingleton<FeedDemand>();
        services.TryAddSingleton<IFeedDemand>(static sp => sp.GetRequiredService<FeedDemand>());
        services.TryAddSingleton<FeedDemandWatcher>();
        if (hostsGrains)
        {
            services.AddHostedService(sp => sp.GetRequiredService<FeedDemandWatcher>());
        }

        services.TryAddSingleton<FeedIngestorService>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedIngestorService>());
        AddFeedConnectors(services, silo.Configuration[$"{FeedOptions.SectionName}:{nameof(FeedOptions.Kind)}"] ?? new FeedOptions().Kind);

        services.TryAddSingleton<IHistoryBootstrapper, HistoryBootstrapper>();
        return silo;
    }

    /// <summary>Every connector kind is known (so that a wrong <c>Feed:Kind</c> is reported with the valid ones), but
    /// only the chosen connector is registered: the others' settings are not required and not validated.</summary>
    private static void AddFeedConnectors(IServiceCollection services, string chosen)
    {
        (string Kind, Func<IServiceCollection, IServiceCollection> Add)[] connectors =
        [
            (SimulatorFeedConnector.KindName, static s => s.AddSimulatorFeed()),
            (ReplayFeedConnector.KindName, static s => s.AddReplayFeed()),
            (BinanceFeedConnector.KindName, static s => s.AddBinanceFeed()),
            (FinnhubFeedConnector.KindName, static s => s.AddFinnhubFeed()),
            (YahooFeedConnector.KindName, static s => s.AddYahooFeed()),
        ];
        foreach (var (kind, add) in connectors)
        {
            services.AddSingleton(new FeedKindRegistration(kind));
            if (string.Equals(kind, chosen, StringComparison.OrdinalIgnoreCase))
            {
                add(services);
            }
        }
    }
}
