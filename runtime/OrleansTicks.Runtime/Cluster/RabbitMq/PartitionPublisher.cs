using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OrleansTicks.Runtime.Cluster.RabbitMq;

/// <summary>Publishes messages (a batch of items each) to the partitions of a <see cref="PartitionTopology"/> with
/// publisher confirms: <see cref="PublishAsync"/> completes when the broker has the message (persistent, and
/// mandatory: a message no queue takes is an error, not silently dropped). Many publishes may be in flight at once;
/// beyond <c>maxInFlight</c> unconfirmed messages further publishes wait. Messages are sent in the order of the
/// <see cref="PublishAsync"/> calls, so a partition receives them in that order (until a publish fails: then the
/// caller decides what to publish again).</summary>
public sealed class PartitionPublisher : IAsyncDisposable, Streams.IPartitionSender
{
    private readonly IConnection _connection;
    private readonly PartitionTopology _topology;
    private readonly ILogger _logger;
    // Held from taking an in-flight slot until the message is written: the order of the calls is the order sent.
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly SemaphoreSlim _inFlight;
    private IChannel? _channel;
    private ConfirmTracker? _confirms;
    private bool _disposed;

    private PartitionPublisher(IConnection connection, PartitionTopology topology, int maxInFlight, ILogger logger)
    {
        _connection = connection;
        _topology = topology;
        _logger = logger;
        _inFlight = new SemaphoreSlim(maxInFlight, maxInFlight);
    }

    /// <summary>Creates a publisher on <paramref name="connection"/> (shared; not owned: the caller closes it) and opens
    /// its channel.</summary>
    /// <param name="connection">A connection, best from <see cref="RabbitMqConnections.ConnectAsync"/>.</param>
    /// <param name="topology">The partitions; declare them first (<see cref="PartitionTopology.DeclareAsync"/>).</param>
    /// <param name="maxInFlight">How many messages may await their confirm at once, at least 1.</param>
    /// <param name="logger">Where failed publishes are logged.</param>
    /// <param name="cancellationToken">Cancels opening the channel.</param>
    public static async Task<PartitionPublisher> StartAsync(IConnection connection, PartitionTopology topology, int maxInFlight, ILogger logger,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        var publisher = new PartitionPublisher(connection, topology, maxInFlight, logger);
        await publisher._sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await publisher.EnsureChannelAsync(partition: null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            publisher._sendGate.Release();
        }

        return publisher;
    }

    /// <summary>Publishes one message to <paramref name="partition"/> and waits for the broker's confirm.</summary>
    /// <exception cref="PartitionPublishException">The broker refused or could not route the message, or the
    /// connection or channel was lost before the confirm; publishing again is the caller's choice.</exception>
    public async Task PublishAsync(int partition, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var routingKey = _topology.RoutingKey(partition);
        Task<string?> confirmed;
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                confirmed = await SendAsync(partition, routingKey, body, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _inFlight.Release();
                throw;
            }
        }
        finally
        {
            _sendGate.Release();
        }

        string? failure;
        try
        {
            failure = await confirmed.ConfigureAwait(false);
        }
        finally
        {
            _inFlight.Release();
        }

        if (failure is not null)
        {
            throw Failed(partition, failure, null);
        }
    }

    /// <summary>Closes the publisher's channel (the connection stays open).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_channel is not null)
        {
            try
            {
                await _channel.CloseAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or IOException)
            {
                // Already gone: nothing to close.
            }

            _channel.Dispose();
        }
    }

    private async Task<Task<string?>> SendAsync(int partition, string routingKey, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var (channel, confirms) = await EnsureChannelAsync(partition, cancellationToken).ConfigureAwait(false);
        ulong sequenceNumber;
        try
        {
            sequenceNumber = await channel.GetNextPublishSequenceNumberAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            throw Failed(partition, $"the channel or connection is closed ({Describe(exception)})", exception);
        }

        var confirmed = confirms.Track(sequenceNumber);
        var properties = new BasicProperties
        {
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?> { [ConfirmTracker.SequenceHeader] = (long)sequenceNumber },
        };
        try
        {
            await channel.BasicPublishAsync(_topology.ExchangeName, routingKey, mandatory: true, properties, body, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            confirms.Forget(sequenceNumber);
            throw Failed(partition, $"the channel or connection was closed while sending ({Describe(exception)})", exception);
        }

        return confirmed;
    }

    // Called under the send gate.
    private async Task<(IChannel Channel, ConfirmTracker Confirms)> EnsureChannelAsync(int? partition, CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return (open, _confirms!);
        }

        if (_channel is not null)
        {
            // While the connection recovers, the client re-opens this very channel; only a channel the broker closed
            // on a live connection (a channel error, e.g. a missing exchange) is replaced.
            if (!_connection.IsOpen)
            {
                throw Failed(partition ?? -1, "the connection is down; the client is reconnecting", null);
            }

            RabbitMqLog.PublisherChannelClosed(_logger, _topology.ExchangeName, _channel.CloseReason?.ReplyText ?? "unknown");
            _channel.Dispose();
            _channel = null;
        }

        // Confirms on, the client's own tracking off: ConfirmTracker keeps the order (see there).
        var options = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: false);
        try
        {
            var channel = await _connection.CreateChannelAsync(options, cancellationToken).ConfigureAwait(false);
            _confirms = new ConfirmTracker(channel);
            _channel = channel;
            return (channel, _confirms);
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            throw Failed(partition ?? -1, $"no channel could be opened ({Describe(exception)})", exception);
        }
    }

    private PartitionPublishException Failed(int partition, string reason, Exception? exception)
    {
        RabbitMqLog.PublishFailed(_logger, partition, _topology.ExchangeName, reason);
        return new PartitionPublishException(partition, _topology.ExchangeName, reason, exception);
    }

    private static string Describe(Exception exception) =>
        exception is OperationInterruptedException { ShutdownReason: { } reason } ? $"{reason.ReplyCode} {reason.ReplyText}" : exception.Message;
}
