using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the <see cref="IBarStore"/> of table <c>bars_1m</c> to a host.</summary>
public static class BarStoreServiceCollectionExtensions
{
    /// <summary>Adds the bar store of the engine <c>Storage:Provider</c> names (<c>Sqlite</c> by default,
    /// <c>Postgres</c>, or <c>Memory</c>: the setting that also chooses grain storage).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">Where <c>Storage:Provider</c> and the connection strings come from.</param>
    /// <param name="configure">Adjusts the options after configuration is bound.</param>
    /// <returns>The services.</returns>
    /// <exception cref="InvalidOperationException"><c>Storage:Provider</c> names no engine.</exception>
    public static IServiceCollection AddBarStore(this IServiceCollection services, IConfiguration configuration, Action<BarStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddBarStore(configuration, ReadProvider(configuration), configure);
    }

    /// <summary>Adds the bar store of <paramref name="provider"/>, a singleton <see cref="IBarStore"/>: options bound
    /// from <paramref name="configuration"/> (see <see cref="BarStoreOptions"/>) and validated at start, so a missing
    /// PostgreSQL connection string stops the host with a message naming the setting; the table created when the host
    /// starts (idempotent); and the health check <c>bar-store</c>, tagged <c>ready</c>. Calling it again replaces the
    /// store.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">Where the connection strings come from.</param>
    /// <param name="provider">The engine.</param>
    /// <param name="configure">Adjusts the options after configuration is bound.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddBarStore(this IServiceCollection services, IConfiguration configuration, BarStoreProvider provider, Action<BarStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddOptions<BarStoreOptions>().Configure(o =>
        {
            o.Provider = provider;
            Bind(configuration, o);
        });
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BarStoreOptions>, BarStoreOptionsValidator>());
        services.RemoveAll<IBarStore>();
        services.AddSingleton(CreateStore);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BarStoreSchemaInitializer>());
        if (!services.Any(static d => d.ServiceType == typeof(BarStoreHealthCheck)))
        {
            services.AddSingleton<BarStoreHealthCheck>();
            services.AddHealthChecks().AddCheck<BarStoreHealthCheck>(BarStoreHealthCheck.Name, tags: [SiloHealthCheckExtensions.ReadyTag]);
        }

        return services;
    }

    private static IBarStore CreateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<BarStoreOptions>>().Value;
        var loggers = services.GetService<ILoggerFactory>();
        return options.Provider switch
        {
            BarStoreProvider.Postgres => PostgresBarStore.Create(options.PostgresConnectionString!, loggers),
            BarStoreProvider.Memory => new MemoryBarStore(),
            _ => new SqliteBarStore(options.SqliteConnectionString, options.SqliteBusyTimeout, loggers?.CreateLogger<SqliteBarStore>()),
        };
    }

    /// <summary>The grain storage providers' precedence: <c>ConnectionStrings:X</c>, then <c>Storage:X:ConnectionString</c>.
    /// On SQLite the bars live in a file of their own beside the grain-state file (<c>x.db</c> → <c>x-bars.db</c>),
    /// unless <c>ConnectionStrings:SqliteBars</c> names one: SQLite locks a whole file per writer, and a regeneration
    /// replacing a year of bars holds that lock for seconds, which must not stall the symbol grains' state writes.</summary>
    private static void Bind(IConfiguration configuration, BarStoreOptions options)
    {
        if (configuration.GetConnectionString("Sqlite") is { Length: > 0 } sqlite)
        {
            options.SqliteConnectionString = BesideGrainState(sqlite);
        }

        if (configuration["Storage:Sqlite:ConnectionString"] is { Length: > 0 } sqliteSection)
        {
            options.SqliteConnectionString = BesideGrainState(sqliteSection);
        }

        if (configuration.GetConnectionString("SqliteBars") is { Length: > 0 } bars)
        {
            options.SqliteConnectionString = bars;
        }

        if (configuration.GetSection("Storage:Sqlite:BusyTimeout").Get<TimeSpan?>() is { } busyTimeout)
        {
            options.SqliteBusyTimeout = busyTimeout;
        }

        if (configuration.GetConnectionString("Postgres") is { Length: > 0 } postgres)
        {
            options.PostgresConnectionString = postgres;
        }

        if (configuration["Storage:Postgres:ConnectionString"] is { Length: > 0 } postgresSection)
        {
            options.PostgresConnectionString = postgresSection;
        }
    }

    private static BarStoreProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration[BarStoreOptions.ProviderKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return BarStoreProvider.Sqlite;
        }

        // Enum.TryParse accepts numbers ("7"); only the names are valid settings.
        if (Enum.TryParse<BarStoreProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider) && !int.TryParse(value, out _))
        {
            return provider;
        }

        throw new InvalidOperationException(
            $"{BarStoreOptions.ProviderKey} is '{value}'; valid: {string.Join(", ", Enum.GetNames<BarStoreProvider>())}.");
    }

    /// <summary>The bars file beside a grain-state file: <c>Data Source=dir/x.db</c> → <c>Data Source=dir/x-bars.db</c>.
    /// A connection string that is not a plain file (in memory) is left as it is, for the validator to reject.</summary>
    private static string BesideGrainState(string grainState)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(grainState);
        var file = builder.DataSource;
        if (OrleansTicks.Runtime.Storage.SqliteDatabase.IsInMemoryDatabase(builder) || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return grainState;
        }

        builder.DataSource = Path.Combine(Path.GetDirectoryName(file) ?? "", Path.GetFileNameWithoutExtension(file) + "-bars" + Path.GetExtension(file));
        return builder.ConnectionString;
    }
}
