using OrleansTicks.Runtime.Cluster.Transport;
using OrleansTicks.Runtime.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks of the silo.</summary>
public static class SiloHealthCheckExtensions
{
    /// <summary>The tag of checks that decide readiness (<c>/health/ready</c>).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Adds the checks <c>silo</c> (accepting calls) and <c>grain-storage</c> (default storage
    /// readable), both tagged <see cref="ReadyTag"/>.</summary>
    public static IHealthChecksBuilder AddSiloChecks(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddCheck<SiloHealthCheck>("silo", tags: [ReadyTag])
            .AddCheck<GrainStorageHealthCheck>("grain-storage", tags: [ReadyTag]);
    }

    /// <summary>Adds the check <c>cluster-transport</c> (the RabbitMQ connection is open), tagged <see cref="ReadyTag"/>,
    /// for a node that called <c>UseRabbitMqCluster</c>.</summary>
    public static IHealthChecksBuilder AddClusterChecks(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<ClusterTransportHealthCheck>("cluster-transport", tags: [ReadyTag]);
    }
}
