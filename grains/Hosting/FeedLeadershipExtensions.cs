using Microsoft.Extensions.Configuration;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Status;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The feed on a cluster silo: one ingestor per upstream in the whole cluster.</summary>
public static class FeedLeadershipExtensions
{
    /// <summary>Runs the feed only while this silo holds the role <c>feed:{Feed:Kind}</c>, elected with a PostgreSQL
    /// advisory lock (another silo takes over when the leader's session ends), and reports this silo's counters and,
    /// while it leads, the feed's status to the cluster status grain. Call after <c>AddTicksMarket</c> with
    /// <see cref="FeedIngestorPlacement.Elected"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration, for <c>Feed:Kind</c>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddFeedLeaderElection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var kind = configuration[$"{FeedOptions.SectionName}:{nameof(FeedOptions.Kind)}"] ?? new FeedOptions().Kind;
        services.AddPostgresLeaderElection(RoleOf(kind), static (s, cancellationToken) => s.GetRequiredService<FeedIngestorService>().RunFeedAsync(cancellationToken));
        services.AddHostedService<ClusterStatusReporter>();
        return services;
    }

    /// <summary>The election role of feed <paramref name="kind"/>: the same on every silo of a deployment.</summary>
    public static string RoleOf(string kind) => $"feed:{kind.Trim().ToLowerInvariant()}";
}
