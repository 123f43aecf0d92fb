using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Simulator;
using OrleansTicks.Runtime.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>simulator</c> feed connector.</summary>
public static class SimulatorFeedServiceCollectionExtensions
{
    /// <summary>Adds the simulator as an <see cref="IFeedConnector"/>, its options bound from <c>Feed:Simulator</c>
    /// and validated at start. Call it only when <c>Feed:Kind</c> is <c>simulator</c>.</summary>
    public static IServiceCollection AddSimulatorFeed(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.SectionName).RejectUnknownSettings(SimulatorOptions.SectionName)
            .BindCommaList($"{SimulatorOptions.SectionName}:{nameof(SimulatorOptions.Symbols)}", static (o, list) => o.Symbols = [.. list]).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SimulatorFeedConnector>();
        services.AddSingleton<IFeedConnector>(static provider => provider.GetRequiredService<SimulatorFeedConnector>());
        return services;
    }
}
