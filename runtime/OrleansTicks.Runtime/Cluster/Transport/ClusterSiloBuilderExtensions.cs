using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Calls;
using OrleansTicks.Runtime.Cluster.Transport;
using OrleansTicks.Runtime.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Joins a silo or an api node to a RabbitMQ cluster (<c>Cluster:Mode=rabbitmq</c>).</summary>
public static class ClusterSiloBuilderExtensions
{
    /// <summary>Routes calls over RabbitMQ: grain calls to the silo owning the grain's partition, observer calls to the
    /// observer's node, stateless-worker calls to the shared work queue. A <see cref="ClusterRole.Silo"/> also joins
    /// membership in PostgreSQL and consumes the partitions it owns. Settings: the section <c>Cluster</c>
    /// (<see cref="ClusterOptions"/>), <c>ConnectionStrings:RabbitMq</c> and, for a silo, the membership settings
    /// (<c>Cluster:SiloId</c> and <c>Cluster:Partitions</c> serve both, which is why they come from configuration only);
    /// validated at start.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="role">A silo, or a client node (an api node hosting no grains).</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder UseRabbitMqCluster(this ISiloBuilder builder, ClusterRole role)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(static d => d.ServiceType == typeof(ClusterTransport)))
        {
            throw new InvalidOperationException("UseRabbitMqCluster was called twice: a node joins one cluster, in one role.");
        }

        services.AddOptions<ClusterOptions>()
            .Configure<IConfiguration>(static (o, configuration) =>
            {
                if (configuration.GetConnectionString(ClusterOptions.RabbitMqConnectionStringName) is { Length: > 0 } uri)
                {
                    o.RabbitMq = uri;
                }

                configuration.GetSection(ClusterOptions.SectionName).Bind(o);
                o.Mode = ClusterMode.RabbitMq;
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>());
        services.AddSingleton(sp => new ClusterTransport(
            sp.GetRequiredService<IOptions<ClusterOptions>>(), role, sp, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ClusterTransport>>()));
        services.AddSingleton<IClusterRouting>(static sp => sp.GetRequiredService<ClusterTransport>());
        services.AddHostedService(static sp => sp.GetRequiredService<ClusterTransport>());
        if (role == ClusterRole.Silo)
        {
            // Registered in this order so that they stop in the reverse: membership first (the silo says it is leaving,
            // so the others start consuming its partitions), then the handover of its partitions, then the transport.
            services.AddSingleton<PartitionHost>();
            services.AddHostedService(static sp => sp.GetRequiredService<PartitionHost>());
            services.AddPostgresMembership();
        }

        return builder;
    }
}
