using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>Takes stateless-worker calls from the shared work queue, which every silo consumes (competing consumers).
/// A call is acknowledged when it has run and its reply is sent, so the calls a silo held when it died go to another.
/// The prefetch bounds how many run at once on this silo.</summary>
internal sealed class WorkQueueConsumer : IAsyncDisposable
{
    private const ushort Prefetch = 32;
    private readonly IChannel _channel;
    private readonly IncomingCalls _incoming;
    private readonly SemaphoreSlim _ackGate = new(1, 1);

    private WorkQueueConsumer(IChannel channel, IncomingCalls incoming)
    {
        _channel = channel;
        _incoming = incoming;
    }

    public static async Task<WorkQueueConsumer> StartAsync(IConnection connection, string queue, IncomingCalls incoming, CancellationToken cancellationToken)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var consumer = new WorkQueueConsumer(channel, incoming);
        await channel.BasicQosAsync(0, Prefetch, global: false, cancellationToken).ConfigureAwait(false);
        var basic = new AsyncEventingBasicConsumer(channel);
        basic.ReceivedAsync += consumer.OnReceivedAsync;
        await channel.BasicConsumeAsync(queue, autoAck: false, basic, cancellationToken).ConfigureAwait(false);
        return consumer;
    }

    public ValueTask DisposeAsync() => new(ClusterTransport.CloseQuietlyAsync(_channel));

    private Task OnReceivedAsync(object sender, BasicDeliverEventArgs args)
    {
        var done = _incoming.DispatchAsync(args.BasicProperties, args.Body.Span);
        _ = AckWhenDoneAsync(done, args.DeliveryTag);
        return Task.CompletedTask;
    }

    private async Task AckWhenDoneAsync(Task done, ulong deliveryTag)
    {
        await done.ConfigureAwait(false);
        await _ackGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _channel.BasicAckAsync(deliveryTag, multiple: false).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // The channel closed: the broker hands the call to another silo, whose reply wins.
        }
        finally
        {
            _ackGate.Release();
        }
    }
}
