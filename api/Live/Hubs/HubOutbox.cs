using System.Buffers;
using Microsoft.AspNetCore.SignalR;
using OrleansTicks.Api.Live.Outbox;
using OrleansTicks.Api.Observability;

namespace OrleansTicks.Api.Live.Hubs;

/// <summary>A hub connection's outbox: writes each batch of messages as one write of their shared, pre-made frames
/// (see <see cref="HubFrames"/>) straight to the connection; a batch that is exactly one notification is written as
/// that notification's shared hub message, so sending it allocates nothing per connection. The write completes only
/// once the transport has taken it, so a client that stops reading stalls only its own loop; one that lets the outbox
/// overflow is aborted.</summary>
internal sealed partial class HubOutbox(
    HubConnectionContext connection,
    int bound,
    bool conflateQuotes,
    ApiMetrics metrics,
    ILogger logger) : LiveOutbox(bound, conflateQuotes, metrics)
{
    private const int InitialBatchBytes = 16 * 1024;
    private const int MaxKeptBatchBytes = 256 * 1024;
    private readonly ApiMetrics _metrics = metrics;
    private ArrayBufferWriter<byte> _batch = new(InitialBatchBytes);
    private readonly string _protocolName = connection.Protocol.Name;

    protected override ValueTask SendAsync(IReadOnlyList<LiveMessage> batch, CancellationToken cancellationToken) =>
        LiveNotification.Spanning(batch) is { } notification
            ? connection.WriteAsync(HubFrames.Of(notification, connection.Protocol), cancellationToken) // shared: the common case
            : SendCopiedAsync(batch, cancellationToken);

    /// <summary>Any other batch: its frames copied into this connection's buffer, sent as one message.</summary>
    private async ValueTask SendCopiedAsync(IReadOnlyList<LiveMessage> batch, CancellationToken cancellationToken)
    {
        _batch.ResetWrittenCount();
        for (var i = 0; i < batch.Count; i++) // not foreach: the interface's enumerator is boxed, once per send
        {
            _batch.Write(HubFrames.Of(batch[i], connection.Protocol).Span);
        }

        // The frames are self-delimiting, so the batch goes as one message of the connection's protocol; the buffer
        // is reused only after the write has copied it.
        var frames = new SerializedHubMessage([new SerializedMessage(_protocolName, _batch.WrittenMemory)]);
        await connection.WriteAsync(frames, cancellationToken).ConfigureAwait(false);
        if (_batch.Capacity > MaxKeptBatchBytes)
        {
            _batch = new ArrayBufferWriter<byte>(InitialBatchBytes); // a burst of large messages must not pin a big buffer per connection
        }
    }

    protected override void OnOverflow()
    {
        _metrics.OnSlowClientAborted();
        LogSlowClientAborted(connection.ConnectionId, Bound);
        connection.Abort();
    }

    protected override void OnSendFailed(Exception exception) => LogSendFailed(exception, connection.ConnectionId);

    [LoggerMessage(EventId = LiveLog.SlowClientAborted, Level = LogLevel.Warning,
        Message = "Closed hub connection {ConnectionId}: it stopped reading and more than {Bound} messages piled up")]
    private partial void LogSlowClientAborted(string connectionId, int bound);

    [LoggerMessage(EventId = LiveLog.SendFailed, Level = LogLevel.Debug, Message = "Sending to hub connection {ConnectionId} failed")]
    private partial void LogSendFailed(Exception exception, string connectionId);
}
