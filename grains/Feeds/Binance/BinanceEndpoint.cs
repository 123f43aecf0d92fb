namespace OrleansTicks.Grains.Feeds.Binance;

/// <summary>The address a Binance connection opens and whether its payloads come wrapped (the combined endpoint).</summary>
/// <param name="Uri">Where to connect.</param>
/// <param name="Combined">True for <c>/stream</c> (payloads in <c>{"stream":..,"data":..}</c>), false for <c>/ws</c>.</param>
public sealed record BinanceEndpoint(Uri Uri, bool Combined)
{
    /// <summary>The endpoint of <paramref name="url"/> (<see cref="BinanceOptions.DefaultUrl"/> when null): a URL
    /// without a path gets <c>/stream</c> or <c>/ws</c> as <paramref name="combined"/> says (raw when unset); a path
    /// starting <c>/stream</c> is combined, one starting <c>/ws</c> raw. Null with <paramref name="problem"/> when the
    /// two disagree or the URL is no websocket address.</summary>
    public static BinanceEndpoint? Resolve(Uri? url, bool? combined, out string? problem)
    {
        url ??= new Uri(BinanceOptions.DefaultUrl);
        problem = null;
        if (!url.IsAbsoluteUri || url.Scheme is not ("ws" or "wss"))
        {
            problem = $"Feed:Url is '{url}'; the binance feed needs a ws:// or wss:// address (default {BinanceOptions.DefaultUrl}).";
            return null;
        }

        var path = url.AbsolutePath;
        bool? fromPath = path.StartsWith("/stream", StringComparison.Ordinal) ? true
            : path.StartsWith("/ws", StringComparison.Ordinal) ? false
            : null;
        if (fromPath is { } byPath && combined is { } set && set != byPath)
        {
            problem = $"Feed:Binance:Combined is {set}, but the path of Feed:Url '{url}' is the {(byPath ? "combined (/stream)" : "raw (/ws)")} endpoint; leave Combined unset or make them agree.";
            return null;
        }

        var isCombined = fromPath ?? combined ?? false;
        if (path is "" or "/")
        {
            url = new UriBuilder(url) { Path = isCombined ? "/stream" : "/ws" }.Uri;
        }

        return new BinanceEndpoint(url, isCombined);
    }
}
