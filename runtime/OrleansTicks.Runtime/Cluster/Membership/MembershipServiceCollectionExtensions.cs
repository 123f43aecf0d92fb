using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Cluster.Membership;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers cluster membership in PostgreSQL.</summary>
public static class MembershipServiceCollectionExtensions
{
    /// <summary>Adds the <see cref="MembershipAgent"/> as a hosted service on a <see cref="PostgresMembershipTable"/>
    /// with its own Npgsql data source. Settings: <c>ConnectionStrings:Postgres</c>, then the section <c>Cluster</c>
    /// (<see cref="MembershipOptions"/>), then <paramref name="configure"/>; validated at start. Calling it twice
    /// registers once.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adjusts the options after configuration is bound.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddPostgresMembership(this IServiceCollection services, Action<MembershipOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MembershipOptions>()
            .Configure<IConfiguration>(static (o, configuration) =>
            {
                configuration.GetSection(MembershipOptions.SectionName).Bind(o);
                o.ConnectionString = ClusterConnectionString.Resolve(configuration) ?? o.ConnectionString;
            });
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>());
        if (services.Any(static d => d.ServiceType == typeof(MembershipAgent)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(static s => PostgresMembershipTable.Create(s.GetRequiredService<IOptions<MembershipOptions>>().Value.ConnectionString!));
        services.AddSingleton<MembershipAgent>();
        services.AddHostedService(static s => s.GetRequiredService<MembershipAgent>());
        return services;
    }
}
