using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OrleansTicks.Runtime.Cluster.RabbitMq;

/// <summary>Publishes messages (a batch of items each) to the partitions of a <see cref="PartitionTopology"/> with
/// publisher confirms: <see cref="PublishAsync"/> completes when the broker has the message (persistent, and
/// mandatory: a message no queue takes is an error, not silently dropped). Many publishes may be in flight at once;
/// beyond <c>maxInFlight</c> unconfirmed messages further publishes wait. Messages to a partition arrive in the order
/// their <see cref="PublishAsync"/> calls were made, also with many in flight (until a publish fails: then the caller
/// decides what to publish again).</summary>
public sealed class PartitionPublisher : IAsyncDisposable
{
    private static readonly BasicProperties PersistentMessage = new() { DeliveryMode = DeliveryModes.Persistent };

    private readonly IConnection _connection;
    private readonly PartitionTopology _topology;
    private readonly int _maxInFlight;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _channelLock = new(1, 1);
    private IChannel? _channel;
    private RateLimiter? _inFlight;
    private bool _disposed;

    private PartitionPublisher(IConnection connection, PartitionTopology topology, int maxInFlight, ILogger logger)
    {
        _connection = connection;
        _topology = topology;
        _maxInFlight = maxInFlight;
        _logger = logger;
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
        await publisher.OpenChannelAsync(partition: 0, cancellationToken).ConfigureAwait(false);
        return publisher;
    }

    /// <summary>Publishes one message to <paramref name="partition"/> and waits for the broker's confirm.</summary>
    /// <exception cref="PartitionPublishException">The broker refused or could not route the message, or the
    /// connection or channel was lost before the confirm; publishing again is the caller's choice.</exception>
    public async Task PublishAsync(int partition, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var routingKey = _topology.RoutingKey(partition);
        var channel = _channel is { IsOpen: true } open ? open : await OpenChannelAsync(partition, cancellationToken).ConfigureAwait(false);
        try
        {
            await channel.BasicPublishAsync(_topology.ExchangeName, routingKey, mandatory: true, PersistentMessage, body, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (PublishException exception)
        {
            throw Failed(partition, exception.IsReturn
                ? $"returned unroutable: no queue is bound to exchange '{_topology.ExchangeName}' with routing key '{routingKey}'"
                : "refused by the broker (nack)", exception);
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // A channel error (e.g. a missing exchange: 404) closes the channel; the next publish opens a new one.
            throw Failed(partition, $"the channel or connection was closed before the confirm ({Describe(exception)})", exception);
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

        _inFlight?.Dispose();
        _channelLock.Dispose();
    }

    private async Task<IChannel> OpenChannelAsync(int partition, CancellationToken cancellationToken)
    {
        await _channelLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_channel is { IsOpen: true } open)
            {
                return open;
            }

            if (_channel is not null)
            {
                // While the connection recovers, the client re-opens this very channel; only a channel the broker
                // closed on a live connection (a channel error) is replaced.
                if (!_connection.IsOpen)
                {
                    throw Failed(partition, "the connection is down; the client is reconnecting", null);
                }

                RabbitMqLog.PublisherChannelClosed(_logger, _topology.ExchangeName, _channel.CloseReason?.ReplyText ?? "unknown");
                _channel.Dispose();
                _channel = null;
                _inFlight?.Dispose();
            }

            _inFlight = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = _maxInFlight,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
            var options = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true,
                outstandingPublisherConfirmationsRateLimiter: _inFlight);
            try
            {
                _channel = await _connection.CreateChannelAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or IOException)
            {
                throw Failed(partition, $"no channel could be opened ({Describe(exception)})", exception);
            }

            return _channel;
        }
        finally
        {
            _channelLock.Release();
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
