using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Hosting;
using OrleansTicks.Runtime.Streams;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers grains and stream providers with a silo.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>Hosts every concrete <see cref="Grain"/> subclass of <paramref name="assembly"/>.</summary>
    public static ISiloBuilder AddGrainsFromAssembly(this ISiloBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(assembly);
        Registry(builder).AddAssembly(assembly);
        return builder;
    }

    /// <summary>Hosts the grain class <typeparamref name="TGrain"/>.</summary>
    public static ISiloBuilder AddGrain<TGrain>(this ISiloBuilder builder)
        where TGrain : Grain
    {
        ArgumentNullException.ThrowIfNull(builder);
        Registry(builder).Add(typeof(TGrain));
        return builder;
    }

    /// <summary>Adds an in-process stream provider named <paramref name="name"/>, with options from
    /// <c>Streams:{name}</c>.</summary>
    public static ISiloBuilder AddMemoryStreams(this ISiloBuilder builder, string name, Action<MemoryStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = builder.Services.AddOptions<MemoryStreamOptions>(name).BindConfiguration($"Streams:{name}").ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemoryStreamOptions>, MemoryStreamOptionsValidator>());
        builder.Services.AddKeyedSingleton<IStreamProvider>(name, (sp, _) => new MemoryStreamProvider(
            name, sp.GetRequiredService<SiloRuntime>(), sp.GetRequiredService<IOptionsMonitor<MemoryStreamOptions>>().Get(name)));
        return builder;
    }

    private static GrainClassRegistry Registry(ISiloBuilder builder) =>
        builder.Services.FirstOrDefault(d => d.ServiceType == typeof(GrainClassRegistry))?.ImplementationInstance as GrainClassRegistry
            ?? throw new InvalidOperationException("Call builder.UseOrleansTicks(...) to get a silo builder.");
}
