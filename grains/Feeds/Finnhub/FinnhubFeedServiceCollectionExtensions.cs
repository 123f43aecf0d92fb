using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Finnhub;
using OrleansTicks.Runtime.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>finnhub</c> feed connector.</summary>
public static class FinnhubFeedServiceCollectionExtensions
{
    /// <summary>Adds Finnhub's trade websocket as an <see cref="IFeedConnector"/>, its options bound from
    /// <c>Feed:Finnhub</c> and validated at start (with <c>Feed:Url</c> and <c>Feed:Token</c>), and the US symbol
    /// list's <see cref="HttpClient"/>. It needs the feed demand and the symbol directory, which the market domain
    /// registers. Call it only when <c>Feed:Kind</c> is <c>finnhub</c>.</summary>
    public static IServiceCollection AddFinnhubFeed(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<FinnhubOptions>().BindConfiguration(FinnhubOptions.SectionName).RejectUnknownSettings(FinnhubOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FinnhubOptions>, FinnhubOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddFeedHttpClient(FinnhubSymbolList.HttpClientName, FinnhubSymbolList.MaxAnswerBytes);
        services.TryAddSingleton<FinnhubSymbolList>();
        services.TryAddSingleton<FinnhubFeedConnector>();
        services.AddSingleton<IFeedConnector>(static provider => provider.GetRequiredService<FinnhubFeedConnector>());
        return services;
    }
}
