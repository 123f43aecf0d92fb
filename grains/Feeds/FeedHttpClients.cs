using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansTicks.Grains.Feeds;

/// <summary>The <see cref="HttpClient"/> configuration of a REST feed (the yahoo importer, Finnhub's symbol list).</summary>
internal static class FeedHttpClients
{
    /// <summary>Adds the named client: no client timeout (each feed keeps its own, on the injected clock, so tests
    /// move it), answers up to <paramref name="maxResponseBytes"/>, compressed answers accepted.</summary>
    public static IHttpClientBuilder AddFeedHttpClient(this IServiceCollection services, string name, int maxResponseBytes, Action<HttpClient>? configure = null) =>
        services.AddHttpClient(name, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = maxResponseBytes;
                configure?.Invoke(client);
            })
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
}
