using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Replay;
using OrleansTicks.Runtime.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>replay</c> feed connector.</summary>
public static class ReplayFeedServiceCollectionExtensions
{
    /// <summary>Adds the replay as an <see cref="IFeedConnector"/>, its options bound from <c>Feed:Replay</c> and
    /// validated at start (the file must exist). Call it only when <c>Feed:Kind</c> is <c>replay</c>.</summary>
    public static IServiceCollection AddReplayFeed(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ReplayOptions>().BindConfiguration(ReplayOptions.SectionName).RejectUnknownSettings(ReplayOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReplayOptions>, ReplayOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReplayFeedConnector>();
        services.AddSingleton<IFeedConnector>(static provider => provider.GetRequiredService<ReplayFeedConnector>());
        return services;
    }
}
