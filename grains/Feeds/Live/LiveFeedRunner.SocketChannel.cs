using System.Net.WebSockets;

namespace OrleansTicks.Grains.Feeds.Live;

public sealed partial class LiveFeedRunner
{
    /// <summary>Sends a protocol's messages on the open socket, no faster than
    /// <see cref="LiveFeedOptions.MinSendInterval"/> (vendors limit incoming messages per second). Only the demand loop
    /// sends, so sends never overlap.</summary>
    private sealed class SocketChannel(LiveFeedRunner owner, WebSocket socket) : ILiveFeedChannel
    {
        private long _lastSent;

        public async ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken)
        {
            var clock = owner._clock;
            var interval = owner._options.MinSendInterval;
            if (_lastSent != 0 && interval > TimeSpan.Zero && clock.GetElapsedTime(_lastSent) is var since && since < interval)
            {
                await Task.Delay(interval - since, clock, cancellationToken).ConfigureAwait(false);
            }

            await socket.SendAsync(utf8Message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            _lastSent = clock.GetTimestamp();
        }
    }
}
