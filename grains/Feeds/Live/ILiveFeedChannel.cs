namespace OrleansTicks.Grains.Feeds.Live;

/// <summary>The open connection, as a protocol sees it when it subscribes.</summary>
public interface ILiveFeedChannel
{
    /// <summary>Sends one text message (UTF-8), paced by <see cref="LiveFeedOptions.MinSendInterval"/>. The caller may
    /// reuse <paramref name="utf8Message"/> when the task completes.</summary>
    ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken);
}
