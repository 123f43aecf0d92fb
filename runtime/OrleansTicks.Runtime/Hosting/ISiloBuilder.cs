using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansTicks.Runtime.Hosting;

/// <summary>Configures a silo: its grains, storage providers and stream providers (the Orleans
/// <c>ISiloBuilder</c>). Obtained from <c>builder.UseOrleansTicks(silo =&gt; ...)</c>.</summary>
public interface ISiloBuilder
{
    /// <summary>The application's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>The application's configuration.</summary>
    IConfiguration Configuration { get; }
}

internal sealed class SiloBuilder(IServiceCollection services, IConfiguration configuration) : ISiloBuilder
{
    public IServiceCollection Services { get; } = services;

    public IConfiguration Configuration { get; } = configuration;
}
