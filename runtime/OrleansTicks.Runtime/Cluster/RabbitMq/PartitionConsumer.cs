using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace OrleansTicks.Runtime.Cluster.RabbitMq;

/// <summary>Consumes one partition queue with manual acknowledgements and a prefetch window, handing each delivery to
/// a handler in order. Nothing is acknowledged automatically: the owner acknowledges "up to delivery tag N"
/// (<see cref="AckUpToAsync"/>) once the state those deliveries produced is written (the checkpoint-then-ack contract
/// of ARCHITECTURE.md). The queue has single active consumer: a second consumer waits as standby and becomes active
/// when this one is cancelled or its connection dies, receiving every unacknowledged delivery again, flagged
/// redelivered. Handing a partition over: <see cref="StopDeliveriesAsync"/>, finish and acknowledge, then
/// <see cref="DisposeAsync"/>.</summary>
public sealed class PartitionConsumer : IAsyncDisposable
{
    private readonly IChannel _channel;
    private readonly int _partition;
    private readonly Func<PartitionDelivery, CancellationToken, Task> _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private ulong _lastHandedOver;
    private int _disposed;

    private PartitionConsumer(IChannel channel, int partition, Func<PartitionDelivery, CancellationToken, Task> handler, ILogger logger)
    {
        _channel = channel;
        _partition = partition;
        _handler = handler;
        _logger = logger;
    }

    /// <summary>The partition consumed.</summary>
    public int Partition => _partition;

    /// <summary>Opens a channel on <paramref name="connection"/> (shared, not owned) and starts consuming
    /// <paramref name="partition"/>.</summary>
    /// <param name="connection">A connection, best from <see cref="RabbitMqConnections.ConnectAsync"/>.</param>
    /// <param name="topology">The partitions (declared).</param>
    /// <param name="partition">Which partition to consume.</param>
    /// <param name="prefetch">How many unacknowledged deliveries the broker sends ahead, at least 1; the owner must
    /// acknowledge before this many are outstanding or deliveries stop.</param>
    /// <param name="handler">Called once per delivery, in order, never concurrently. Its token is cancelled when the
    /// consumer stops. If it throws, the consumer stops and closes its channel, so its unacknowledged deliveries go
    /// back to the queue (to the standby consumer, if any).</param>
    /// <param name="logger">Where the consumer's events are logged.</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    public static async Task<PartitionConsumer> StartAsync(IConnection connection, PartitionTopology topology, int partition, ushort prefetch,
        Func<PartitionDelivery, CancellationToken, Task> handler, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfZero(prefetch);
        var queue = topology.QueueName(partition);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(false, false, consumerDispatchConcurrency: 1), cancellationToken)
            .ConfigureAwait(false);
        var consumer = new PartitionConsumer(channel, partition, handler, logger);
        try
        {
            await channel.BasicQosAsync(0, prefetch, global: false, cancellationToken).ConfigureAwait(false);
            var basicConsumer = new AsyncEventingBasicConsumer(channel);
            basicConsumer.ReceivedAsync += consumer.OnReceivedAsync;
            basicConsumer.ShutdownAsync += consumer.OnShutdownAsync;
            await channel.BasicConsumeAsync(queue, autoAck: false, basicConsumer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await consumer.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        RabbitMqLog.ConsumerStarted(logger, partition, queue, prefetch);
        return consumer;
    }

    /// <summary>Acknowledges every delivery up to and including <paramref name="deliveryTag"/> (multiple=true); later
    /// ones stay unacknowledged. Acknowledging a tag of a channel the client has since recovered is ignored by the
    /// client: the broker redelivers those messages.</summary>
    /// <exception cref="AlreadyClosedException">The channel is closed: the deliveries go back to the queue.</exception>
    public Task AckUpToAsync(ulong deliveryTag, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(deliveryTag);
        return _channel.BasicAckAsync(deliveryTag, multiple: true, cancellationToken).AsTask();
    }

    /// <summary>Stops handing deliveries to the handler and waits for the call in flight, if any, to return.
    /// Deliveries after that are not handled and never acknowledged by this consumer: they go back to the queue when
    /// the consumer is disposed.</summary>
    /// <returns>The delivery tag of the last delivery handed to the handler (0 if none): acknowledge up to it once it
    /// is checkpointed.</returns>
    public async Task<ulong> StopDeliveriesAsync(CancellationToken cancellationToken = default)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        _turn.Release();
        RabbitMqLog.ConsumerStopped(_logger, _partition, _lastHandedOver);
        return _lastHandedOver;
    }

    /// <summary>Stops deliveries and closes the channel (which ends the consumer): what is not acknowledged goes back
    /// to the queue, ahead of what was still waiting there, and the standby consumer (if any) becomes active. Never
    /// throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await StopDeliveriesAsync().ConfigureAwait(false);
            // Closing the channel, with no basic.cancel first: the queue then drops the consumer, requeues its
            // unacknowledged deliveries and activates the standby in one step. A basic.cancel first activates the
            // standby while the queue still holds ready messages; RabbitMQ 3.10-3.11 classic queues then crash on
            // the next publish (badmatch in attempt_delivery, rabbitmq-server#5460), and trades published in between
            // reach the standby ahead of the requeued ones.
            await _channel.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or IOException or TimeoutException)
        {
            RabbitMqLog.ConsumerCloseFailed(_logger, exception, _partition);
        }

        _channel.Dispose();
        _stopping.Dispose();
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs args)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _turn.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            await _handler(new PartitionDelivery(_partition, args.DeliveryTag, args.Redelivered, args.Body) { Properties = args.BasicProperties }, _stopping.Token).ConfigureAwait(false);
            _lastHandedOver = args.DeliveryTag;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopped while the handler ran: the delivery is not acknowledged and goes back to the queue.
        }
#pragma warning disable CA1031 // A handler's failure must not escape into the client's dispatcher.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            RabbitMqLog.HandlerFailed(_logger, exception, _partition, args.DeliveryTag);
            await _stopping.CancelAsync().ConfigureAwait(false);
            // Closing a channel from inside its own dispatch callback deadlocks; close it from outside.
            _ = Task.Run(() => DisposeAsync().AsTask(), CancellationToken.None);
        }
        finally
        {
            _turn.Release();
        }
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs args)
    {
        if (args.Initiator != ShutdownInitiator.Application)
        {
            RabbitMqLog.ConsumerInterrupted(_logger, _partition, args.ReplyText);
        }

        return Task.CompletedTask;
    }
}
