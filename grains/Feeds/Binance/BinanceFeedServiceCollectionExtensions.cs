using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Binance;
using OrleansTicks.Runtime.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>binance</c> feed connector.</summary>
public static class BinanceFeedServiceCollectionExtensions
{
    /// <summary>Adds the Binance connector as an <see cref="IFeedConnector"/>, its options bound from
    /// <c>Feed:Binance</c> and validated at start (with <c>Feed:Url</c>). It needs an
    /// <see cref="OrleansTicks.Grains.Feeds.Demand.IFeedDemand"/> (the silo's market domain registers one). Call it
    /// only when <c>Feed:Kind</c> is <c>binance</c>.</summary>
    public static IServiceCollection AddBinanceFeed(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<BinanceOptions>().BindConfiguration(BinanceOptions.SectionName).RejectUnknownSettings(BinanceOptions.SectionName)
            .BindCommaList($"{BinanceOptions.SectionName}:{nameof(BinanceOptions.Symbols)}", static (o, list) => o.Symbols = list).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BinanceOptions>, BinanceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BinanceFeedConnector>();
        services.AddSingleton<IFeedConnector>(static provider => provider.GetRequiredService<BinanceFeedConnector>());
        return services;
    }
}
