using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Cluster.Leadership;
using OrleansTicks.Runtime.Cluster.Membership;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers leader election over PostgreSQL advisory locks.</summary>
public static class LeaderElectionServiceCollectionExtensions
{
    /// <summary>Adds a <see cref="PostgresLeaderElection"/> for <paramref name="role"/> as a hosted service that runs
    /// <paramref name="lead"/> only while this silo leads the role. Settings: the section <c>Cluster:Leadership</c>
    /// (<see cref="LeaderElectionOptions"/>, shared by every role) with cluster mode's connection string
    /// (<c>Cluster:ConnectionString</c>, falling back to <c>ConnectionStrings:Postgres</c>), then
    /// <paramref name="configure"/>; validated at start. The election is a keyed singleton under the role's name, and
    /// every election is also resolvable as <see cref="PostgresLeaderElection"/> (an enumerable, for a status
    /// endpoint). The gauge <c>orleansticks.cluster.leader</c> reports, per role, whether this silo leads it.</summary>
    /// <param name="services">The services.</param>
    /// <param name="role">The role's name, the same on every silo, e.g. <c>feed:binance</c>.</param>
    /// <param name="lead">The work; it gets the services and a token cancelled when leadership ends.</param>
    /// <param name="configure">Adjusts the (shared) options after configuration is bound.</param>
    /// <returns>The services.</returns>
    /// <exception cref="ArgumentException"><paramref name="role"/> is not a valid role name.</exception>
    /// <exception cref="InvalidOperationException">An election for <paramref name="role"/> is already registered.</exception>
    public static IServiceCollection AddPostgresLeaderElection(this IServiceCollection services, string role, Func<IServiceProvider, CancellationToken, Task> lead,
        Action<LeaderElectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(lead);
        PostgresLeaderElection.ThrowIfInvalidRole(role);
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(PostgresLeaderElection) && Equals(d.ServiceKey, role)))
        {
            throw new InvalidOperationException($"A leader election for role '{role}' is already registered; a role needs one election per silo.");
        }

        var options = services.AddOptions<LeaderElectionOptions>();
        if (!services.Any(static d => d.ServiceType == typeof(IValidateOptions<LeaderElectionOptions>)))
        {
            options.Configure<IConfiguration>(static (o, configuration) =>
                {
                    configuration.GetSection(LeaderElectionOptions.SectionName).Bind(o);
                    o.ConnectionString = ClusterConnectionString.Resolve(configuration) ?? o.ConnectionString;
                })
                .ValidateOnStart();
            services.AddSingleton<IValidateOptions<LeaderElectionOptions>, LeaderElectionOptionsValidator>();
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<LeadershipMetrics>();
        services.AddKeyedSingleton(role, (s, _) =>
        {
            // Created with the first election, so the gauge exists exactly when there is something to report.
            s.GetRequiredService<LeadershipMetrics>();
            return new PostgresLeaderElection(
                role,
                cancellationToken => lead(s, cancellationToken),
                s.GetRequiredService<IOptions<LeaderElectionOptions>>(),
                s.GetRequiredService<TimeProvider>(),
                s.GetRequiredService<ILogger<PostgresLeaderElection>>());
        });
        services.AddSingleton(s => s.GetRequiredKeyedService<PostgresLeaderElection>(role));

        // Not AddHostedService: it registers one hosted service per implementation type, and every role is one.
        services.AddSingleton<IHostedService>(s => s.GetRequiredKeyedService<PostgresLeaderElection>(role));
        return services;
    }
}
