using Microsoft.Extensions.Logging;

namespace OrleansTicks.Grains.Feeds.Live;

/// <summary>The live plumbing's log messages (event ids 4340–4359, grains/README.md).</summary>
internal static partial class LiveFeedLog
{
    [LoggerMessage(EventId = 4340, Level = LogLevel.Information, Message = "Feed {Kind}: connecting to {Source}")]
    public static partial void Connecting(ILogger logger, string kind, string source);

    [LoggerMessage(EventId = 4341, Level = LogLevel.Information, Message = "Feed {Kind}: connected to {Source}")]
    public static partial void Connected(ILogger logger, string kind, string source);

    [LoggerMessage(EventId = 4342, Level = LogLevel.Warning, Message = "Feed {Kind}: the connection to {Source} ended ({Reason}) after {Lasted}; reconnect {Attempt} in {Delay}")]
    public static partial void ConnectionEnded(ILogger logger, Exception? exception, string kind, string source, string reason, TimeSpan lasted, long attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4343, Level = LogLevel.Warning, Message = "Feed {Kind}: bad message skipped ({Problem}): {Excerpt}; {Suppressed} more bad messages were not logged")]
    public static partial void BadMessage(ILogger logger, string kind, string problem, string excerpt, long suppressed);

    [LoggerMessage(EventId = 4344, Level = LogLevel.Warning, Message = "Feed {Kind}: the vendor reports an error: {Text}; {Suppressed} more vendor errors were not logged")]
    public static partial void VendorError(ILogger logger, string kind, string text, long suppressed);

    [LoggerMessage(EventId = 4345, Level = LogLevel.Information, Message = "Feed {Kind}: subscribed upstream to {Count} symbols ({Symbols}); {Total} in all")]
    public static partial void Subscribed(ILogger logger, string kind, int count, string symbols, int total);

    [LoggerMessage(EventId = 4346, Level = LogLevel.Information, Message = "Feed {Kind}: unsubscribed upstream from {Count} symbols ({Symbols}); {Total} in all")]
    public static partial void Unsubscribed(ILogger logger, string kind, int count, string symbols, int total);

    [LoggerMessage(EventId = 4347, Level = LogLevel.Information, Message = "Feed {Kind}: stopped")]
    public static partial void Stopped(ILogger logger, string kind);

    [LoggerMessage(EventId = 4348, Level = LogLevel.Warning, Message = "Feed {Kind}: closing the connection failed; it is dropped")]
    public static partial void CloseFailed(ILogger logger, Exception exception, string kind);
}
