using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Runtime.Cluster.Transport;
using OrleansTicks.Runtime.Hosting;
using OrleansTicks.Silo.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>Hosts the OrleansTicks silo: the runtime, grain storage chosen by configuration, streams, and the market
/// domain (symbol grains, bar store, feed ingestor, regeneration).</summary>
public static class TicksSiloExtensions
{
    /// <summary>The configuration key that chooses the storage engine.</summary>
    public const string StorageProviderKey = "Storage:Provider";

    /// <summary>The configuration key that chooses one process or a cluster.</summary>
    public const string ClusterModeKey = $"{ClusterOptions.SectionName}:{nameof(ClusterOptions.Mode)}";

    /// <summary>The stream provider that carries trades from feeds to symbol grains.</summary>
    public const string StreamProviderName = OrleansTicks.Grains.Feeds.TradeIngestor.StreamProviderName;

    /// <summary>Adds the silo to <paramref name="builder"/>: grain storage from <c>Storage:Provider</c>, streams, and the
    /// market domain. With <c>Cluster:Mode=none</c> (the default) everything runs in this process: storage is
    /// <c>Sqlite</c> by default (<c>Postgres</c> or <c>Memory</c> on request) and streams are in memory. With
    /// <c>Cluster:Mode=rabbitmq</c> this process joins the cluster as <paramref name="clusterRole"/>: a
    /// <see cref="ClusterRole.Silo"/> hosts the grains of the partitions it owns and runs the feed while it is the elected
    /// ingestor; a <see cref="ClusterRole.Client"/> (an api node) hosts none and sends every call to the silos. A
    /// cluster keeps its state in PostgreSQL (<c>Storage:Provider</c> defaults to <c>Postgres</c> there, and nothing
    /// else is accepted). A bad setting stops the process at start with a message that names it.</summary>
    public static TBuilder AddTicksSilo<TBuilder>(this TBuilder builder, ClusterRole clusterRole = ClusterRole.Silo)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        SharedSectionSettings.ThrowIfUnknown(builder.Configuration);
        var mode = ReadClusterMode(builder.Configuration);
        var provider = ReadStorageProvider(builder.Configuration, mode);
        if (mode != ClusterMode.None && string.IsNullOrWhiteSpace(builder.Configuration[StorageProviderKey]))
        {
            // The bar store reads the same key: a cluster's default (Postgres) must reach it too.
            builder.Configuration[StorageProviderKey] = provider.ToString();
        }
        var health = builder.Services.AddHealthChecks();
        builder.UseOrleansTicks(silo =>
        {
            if (mode == ClusterMode.None)
            {
                AddStorage(silo, provider);
                silo.AddMemoryStreams(StreamProviderName);
                silo.AddTicksMarket();
                return;
            }

            silo.UseRabbitMqCluster(clusterRole).AddClusterStreams(StreamProviderName);
            health.AddClusterChecks();
            if (clusterRole == ClusterRole.Silo)
            {
                AddStorage(silo, provider);
                silo.AddTicksMarket(FeedIngestorPlacement.Elected);
                silo.Services.AddFeedLeaderElection(silo.Configuration);
            }
            else
            {
                silo.AddTicksMarket(FeedIngestorPlacement.Elsewhere);
            }
        });
        health.AddSiloChecks();
        return builder;
    }

    private static ISiloBuilder AddStorage(ISiloBuilder silo, StorageProviderKind provider) => provider switch
    {
        StorageProviderKind.Postgres => silo.AddPostgresGrainStorage(),
        StorageProviderKind.Memory => silo.AddMemoryGrainStorage(),
        _ => silo.AddSqliteGrainStorage(),
    };

    private static ClusterMode ReadClusterMode(IConfiguration configuration)
    {
        var value = configuration[ClusterModeKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return ClusterMode.None;
        }

        if (Enum.TryParse<ClusterMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !int.TryParse(value, out _))
        {
            return mode;
        }

        throw new InvalidOperationException($"{ClusterModeKey} is '{value}'; valid: none (one process, the default) or rabbitmq (silos and api nodes over RabbitMQ and PostgreSQL).");
    }

    private static StorageProviderKind ReadStorageProvider(IConfiguration configuration, ClusterMode mode)
    {
        var value = configuration[StorageProviderKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return mode == ClusterMode.None ? StorageProviderKind.Sqlite : StorageProviderKind.Postgres;
        }

        if (!Enum.TryParse<StorageProviderKind>(value, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(value, out _))
        {
            throw new InvalidOperationException(
                $"{StorageProviderKey} is '{value}'; valid: {string.Join(", ", Enum.GetNames<StorageProviderKind>())}.");
        }

        if (mode != ClusterMode.None && kind != StorageProviderKind.Postgres)
        {
            throw new InvalidOperationException(
                $"{StorageProviderKey} is '{value}', but {ClusterModeKey} is {mode}: the silos of a cluster share their state, so only Postgres is valid (ConnectionStrings:Postgres).");
        }

        return kind;
    }
}
