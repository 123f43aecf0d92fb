using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Hosting;
using OrleansTicks.Runtime.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds grain storage providers to a silo. Each provider is a keyed singleton <see cref="IGrainStorage"/>
/// under its name, which <see cref="PersistentStateAttribute.StorageName"/> refers to; all share one
/// <see cref="IGrainStorageSerializer"/> (JSON unless one was registered before). Registering a name twice replaces
/// the provider.</summary>
public static class GrainStorageSiloBuilderExtensions
{
    /// <summary>Adds a <see cref="MemoryGrainStorage"/>: state lives as long as the process.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider's name.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name = PersistentStateAttribute.DefaultStorageName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        AddSerializer(builder.Services);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) =>
            new MemoryGrainStorage(services.GetRequiredService<IGrainStorageSerializer>(), GetLogger<MemoryGrainStorage>(services)));
        return builder;
    }

    /// <summary>Adds an <see cref="SqliteGrainStorage"/> whose tables are created when the host starts.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="configure">Adjusts the options after configuration is bound: <c>ConnectionStrings:Sqlite</c>,
    /// then the section <c>Storage:Sqlite</c>, then the section
    /// <c>Storage:Sqlite:{name}</c>. The options are validated at start.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name = PersistentStateAttribute.DefaultStorageName, Action<SqliteStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        AddEngineOptions<SqliteStorageOptions, SqliteStorageOptionsValidator>(
            builder, name, SqliteStorageOptions.SectionName, SqliteStorageOptions.ConnectionStringName, static (o, value) => o.ConnectionString = value, configure);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) => new SqliteGrainStorage(
            services.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(name),
            services.GetRequiredService<IGrainStorageSerializer>(),
            GetLogger<SqliteGrainStorage>(services)));
        AddSchemaInitializer(builder.Services, name);
        return builder;
    }

    /// <summary>Adds a <see cref="PostgresGrainStorage"/> with its own Npgsql data source, whose tables are created
    /// when the host starts.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="configure">Adjusts the options after configuration is bound: <c>ConnectionStrings:Postgres</c>,
    /// then the section <c>Storage:Postgres</c>, then the section
    /// <c>Storage:Postgres:{name}</c>. The options are validated at start; the connection string is required.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name = PersistentStateAttribute.DefaultStorageName, Action<PostgresStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        AddEngineOptions<PostgresStorageOptions, PostgresStorageOptionsValidator>(
            builder, name, PostgresStorageOptions.SectionName, PostgresStorageOptions.ConnectionStringName, static (o, value) => o.ConnectionString = value, configure);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) => PostgresGrainStorage.Create(
            services.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(name),
            services.GetRequiredService<IGrainStorageSerializer>(),
            services.GetService<ILoggerFactory>()));
        AddSchemaInitializer(builder.Services, name);
        return builder;
    }

    /// <summary>Named options of a SQL engine, bound from configuration (see <see cref="StorageConfiguration.Bind"/>),
    /// adjusted by <paramref name="configure"/>, validated at start; plus the shared serializer.</summary>
    private static void AddEngineOptions<TOptions, TValidator>(ISiloBuilder builder, string name, string section, string connectionStringName,
        Action<TOptions, string> setConnectionString, Action<TOptions>? configure)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        var configuration = builder.Configuration;
        var options = builder.Services.AddOptions<TOptions>(name)
            .Configure(o => StorageConfiguration.Bind(configuration, section, connectionStringName, name, o, setConnectionString));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        AddSerializer(builder.Services);
    }

    private static void AddSerializer(IServiceCollection services) =>
        services.TryAddSingleton<IGrainStorageSerializer>(static _ => new JsonGrainStorageSerializer());

    private static void AddSchemaInitializer(IServiceCollection services, string name)
    {
        services.AddSingleton(new GrainStorageSchemaRegistration(name));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, GrainStorageSchemaInitializer>());
    }

    private static ILogger<T> GetLogger<T>(IServiceProvider services) =>
        services.GetService<ILogger<T>>() ?? NullLogger<T>.Instance;
}
