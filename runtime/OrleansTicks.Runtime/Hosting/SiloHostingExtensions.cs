using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime;
using OrleansTicks.Runtime.Calls;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>Hosts an OrleansTicks silo in a .NET host (the Orleans <c>UseOrleans</c>).</summary>
public static class SiloHostingExtensions
{
    /// <summary>Adds the silo runtime to the host: the grain catalog, <see cref="IGrainFactory"/>, options bound
    /// from the <c>Silo</c> section and validated at start, and the hosted service that starts and stops the
    /// silo. <paramref name="configure"/> registers grains, storage and stream providers.</summary>
    public static TBuilder UseOrleansTicks<TBuilder>(this TBuilder builder, Action<ISiloBuilder> configure)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(SiloRuntime)))
        {
            services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName).RejectUnknownSettings(SiloOptions.SectionName).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton(new GrainClassRegistry());
            services.AddSingleton(sp => new GrainTypeManifest(sp.GetRequiredService<GrainClassRegistry>().Types));
            services.AddMetrics();
            services.AddSingleton<SiloRuntime>();
            services.AddSingleton<IGrainFactory, GrainFactory>();
            services.AddSingleton<SiloHostedService>();
            services.AddHostedService(sp => sp.GetRequiredService<SiloHostedService>());
        }

        configure(new SiloBuilder(services, builder.Configuration));
        return builder;
    }
}
