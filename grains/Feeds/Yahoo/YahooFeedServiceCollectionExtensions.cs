using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Yahoo;
using OrleansTicks.Runtime.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>yahoo</c> feed connector.</summary>
public static class YahooFeedServiceCollectionExtensions
{
    /// <summary>Adds the Yahoo chart importer as an <see cref="IFeedConnector"/>, its options bound from
    /// <c>Feed:Yahoo</c> and validated at start, and its <see cref="HttpClient"/>. It needs the feed demand, the bar
    /// store and the symbol directory, which the market domain registers. Call it only when <c>Feed:Kind</c> is
    /// <c>yahoo</c>.</summary>
    public static IServiceCollection AddYahooFeed(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<YahooOptions>().BindConfiguration(YahooOptions.SectionName).RejectUnknownSettings(YahooOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<YahooOptions>, YahooOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddFeedHttpClient(YahooChartClient.HttpClientName, YahooChartClient.MaxAnswerBytes, static client =>
        {
            client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

            // Yahoo tends to refuse clients that do not name themselves like a browser.
            client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Mozilla", "5.0"));
            client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("(compatible; OrleansTicks)"));
        });
        services.TryAddSingleton<YahooFeedConnector>();
        services.AddSingleton<IFeedConnector>(static provider => provider.GetRequiredService<YahooFeedConnector>());
        return services;
    }
}
