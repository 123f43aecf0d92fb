using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Calls;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Cluster.Streams;
using OrleansTicks.Runtime.Cluster.Transport;
using OrleansTicks.Runtime.Hosting;
using OrleansTicks.Runtime.Streams;

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
            services.AddSingleton<IPartitionOwnership>(static sp => sp.GetRequiredService<PartitionHost>());
            services.AddHostedService(static sp => sp.GetRequiredService<PartitionHost>());
            services.AddPostgresMembership();
        }

        return builder;
    }

    /// <summary>Adds a stream provider named <paramref name="name"/> whose streams cross silos: items go to the queue of
    /// their key's partition and are delivered to the implicitly subscribed grains by the silo that owns it, in order.
    /// Items travel with the <see cref="IStreamBatchCodec{T}"/> registered for their type, else as JSON. Call after
    /// <see cref="UseRabbitMqCluster"/>; buffering on the delivering silo is set by <c>Streams:{name}</c> as for
    /// memory streams.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider's name, e.g. the one grains and the ingestor ask for.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddClusterStreams(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var services = builder.Services;
        if (!services.Any(static d => d.ServiceType == typeof(ClusterTransport)))
        {
            throw new InvalidOperationException("Call UseRabbitMqCluster(...) before AddClusterStreams(...): cluster streams travel on the cluster transport.");
        }

        if (services.Any(static d => d.ServiceType == typeof(ClusterStreamProvider)))
        {
            throw new InvalidOperationException("One cluster stream provider per silo: the partition queues carry the stream messages of one provider.");
        }

        services.AddOptions<MemoryStreamOptions>(name).BindConfiguration($"Streams:{name}").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemoryStreamOptions>, MemoryStreamOptionsValidator>());
        services.AddSingleton(sp => new ClusterStreamProvider(name, sp.GetRequiredService<ClusterTransport>(), sp.GetRequiredService<SiloRuntime>(),
            sp.GetRequiredService<IOptionsMonitor<MemoryStreamOptions>>().Get(name), sp, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ClusterStreamProvider>>()));
        services.AddKeyedSingleton<IStreamProvider>(name, static (sp, _) => sp.GetRequiredService<ClusterStreamProvider>());
        services.AddSingleton<IPartitionStreamSink>(static sp => sp.GetRequiredService<ClusterStreamProvider>());
        services.AddHostedService(static sp => sp.GetRequiredService<ClusterStreamProvider>());
        return builder;
    }
}
