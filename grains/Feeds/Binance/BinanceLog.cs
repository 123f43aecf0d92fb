using Microsoft.Extensions.Logging;

namespace OrleansTicks.Grains.Feeds.Binance;

/// <summary>The binance connector's log messages (event ids 4360–4379, grains/README.md); the connection's own
/// messages are the live plumbing's (4340–4359).</summary>
internal static partial class BinanceLog
{
    [LoggerMessage(EventId = 4360, Level = LogLevel.Information, Message = "Binance feed: {Stream} payloads from the {Mode} endpoint {Url}; {Provided} symbols provided, {Configured} always subscribed")]
    public static partial void Starting(ILogger logger, BinanceStream stream, string mode, string url, int provided, int configured);
}
