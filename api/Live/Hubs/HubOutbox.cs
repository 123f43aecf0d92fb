using Microsoft.AspNetCore.SignalR;
using OrleansTicks.Api.Live.Outbox;
using OrleansTicks.Api.Observability;

namespace OrleansTicks.Api.Live.Hubs;

/// <summary>A hub connection's outbox: sends through <see cref="IHubContext{THub}"/>, whose write completes only once
/// the transport has taken the message, so a client that stops reading stalls only its own loop; one that lets the
/// outbox overflow is aborted.</summary>
internal sealed partial class HubOutbox(
    HubCallerContext connection,
    IHubContext<TicksHub> hub,
    int bound,
    bool conflateQuotes,
    ApiMetrics metrics,
    ILogger logger) : LiveOutbox(bound, conflateQuotes, metrics)
{
    private readonly ApiMetrics _metrics = metrics;

    /// <summary>The hub's client method names.</summary>
    public const string QuoteMethod = "quote";

    /// <summary>The hub's client method for bars.</summary>
    public const string BarMethod = "bar";

    /// <summary>The hub's client method for a finished regeneration.</summary>
    public const string RegenerationCompletedMethod = "regenerationCompleted";

    protected override async ValueTask SendAsync(IReadOnlyList<LiveMessage> batch, CancellationToken cancellationToken)
    {
        var client = hub.Clients.Client(connection.ConnectionId);
        foreach (var message in batch)
        {
            var method = message.Kind switch
            {
                LiveMessageKind.Quote => QuoteMethod,
                LiveMessageKind.Bar => BarMethod,
                LiveMessageKind.RegenerationCompleted => RegenerationCompletedMethod,
                _ => throw new InvalidOperationException($"A hub connection does not send {message.Kind} messages."),
            };
            await client.SendAsync(method, message.Json, cancellationToken).ConfigureAwait(false);
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
