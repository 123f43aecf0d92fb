using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using OrleansTicks.Runtime.Calls;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>The channel a node sends calls on and gets their replies through, with RabbitMQ's direct reply-to: a
/// request carries <c>reply-to: amq.rabbitmq.reply-to</c>, the broker names this channel's pseudo-queue in its
/// place, and the callee publishes the reply straight back to it, with no queue declared or deleted per caller.
/// Requests are mandatory: one that no queue takes (an observer whose node has gone) is returned and its call fails
/// at once instead of timing out. Calls still waiting when their deadline passes time out here, as queued local calls
/// do in their mailbox.</summary>
internal sealed class CallChannel : IAsyncDisposable
{
    public const string CallType = "call";

    /// <summary>A partition fence (<see cref="SendFenceAsync"/>): no body, its id in <c>MessageId</c>.</summary>
    public const string FenceType = "fence";
    private const string DirectReplyTo = "amq.rabbitmq.reply-to";

    private readonly IChannel _channel;
    private readonly CallCodec _codec;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private readonly ConcurrentDictionary<long, IGrainCall> _pending = new();
    private readonly ITimer _sweep;
    private long _lastId;

    private CallChannel(IChannel channel, CallCodec codec, TimeProvider clock, ILogger logger)
    {
        _channel = channel;
        _codec = codec;
        _clock = clock;
        _logger = logger;
        _sweep = clock.CreateTimer(static state => ((CallChannel)state!).ExpireOverdue(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Calls awaiting their reply.</summary>
    public int Pending => _pending.Count;

    public static async Task<CallChannel> StartAsync(IConnection connection, CallCodec codec, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var calls = new CallChannel(channel, codec, clock, logger);
        channel.BasicReturnAsync += calls.OnReturnedAsync;
        channel.ChannelShutdownAsync += calls.OnShutdownAsync;
        var replies = new AsyncEventingBasicConsumer(channel);
        replies.ReceivedAsync += calls.OnReplyAsync;
        // Direct reply-to: consume the pseudo-queue (no-ack, as the broker requires) before the first request.
        await channel.BasicConsumeAsync(DirectReplyTo, autoAck: true, replies, cancellationToken).ConfigureAwait(false);
        return calls;
    }

    /// <summary>Sends <paramref name="call"/> for <paramref name="target"/> to <paramref name="exchange"/> with
    /// <paramref name="routingKey"/>. Never throws: a failure fails the call.</summary>
    public void Send(string exchange, string routingKey, GrainReference target, IGrainCall call)
    {
        byte[] body;
        try
        {
            body = _codec.EncodeRequest(target, call.Method, call.Arguments);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or System.Text.Json.JsonException)
        {
            call.Fail(exception);
            return;
        }

        var oneWay = call.Method.ReturnKind == ReturnKind.OneWay;
        var id = oneWay ? 0 : Interlocked.Increment(ref _lastId);
        var properties = new BasicProperties { Type = CallType, DeliveryMode = DeliveryModes.Transient };
        if (!oneWay)
        {
            properties.ReplyTo = DirectReplyTo;
            properties.CorrelationId = id.ToString(CultureInfo.InvariantCulture);
            _pending[id] = call;
        }

        _ = PublishAsync(exchange, routingKey, properties, body, id, call);
    }

    /// <summary>Publishes a fence with <paramref name="fenceId"/> to <paramref name="exchange"/> with
    /// <paramref name="routingKey"/> (a partition queue): whichever consumer is active there receives it. Never throws:
    /// a fence that could not go is sent again by its sender.</summary>
    public async Task SendFenceAsync(string exchange, string routingKey, string fenceId)
    {
        var properties = new BasicProperties { Type = FenceType, MessageId = fenceId, DeliveryMode = DeliveryModes.Transient };
        await _publishGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            TransportLog.FenceFailed(_logger, exception, routingKey);
        }
        finally
        {
            _publishGate.Release();
        }
    }

    /// <summary>Publishes the reply to a call that arrived with <paramref name="replyTo"/> and <paramref name="correlationId"/>.</summary>
    public async Task ReplyAsync(string replyTo, string? correlationId, byte[] body)
    {
        var properties = new BasicProperties { CorrelationId = correlationId, DeliveryMode = DeliveryModes.Transient };
        await _publishGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _channel.BasicPublishAsync(string.Empty, replyTo, mandatory: false, properties, body).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // The caller times out; its node may be gone, which is why the reply could not go.
            TransportLog.ReplyFailed(_logger, exception, replyTo);
        }
        finally
        {
            _publishGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sweep.DisposeAsync().ConfigureAwait(false);
        FailAll(new SiloUnavailableException("The node is shutting down; the call's reply can no longer arrive."));
        try
        {
            await _channel.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // Already closed with the connection.
        }

        _channel.Dispose();
    }

    private async Task PublishAsync(string exchange, string routingKey, BasicProperties properties, byte[] body, long id, IGrainCall call)
    {
        await _publishGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            _pending.TryRemove(id, out _);
            call.Fail(new SiloUnavailableException($"The call {call.Method.Name} could not be sent: the broker connection is down ({exception.Message})."));
            return;
        }
        finally
        {
            _publishGate.Release();
        }

        if (id == 0)
        {
            call.Method.CompleteRemote(call, null); // one-way: sent is done
        }
    }

    private Task OnReplyAsync(object sender, BasicDeliverEventArgs args)
    {
        if (long.TryParse(args.BasicProperties.CorrelationId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && _pending.TryRemove(id, out var call))
        {
            // Completing the call may run its caller's continuation inline; on the pool, not on this channel's one
            // dispatch thread, so that a caller that takes its time never holds up the replies of the others. The body
            // is only valid during this callback: it is copied here, before the hand-off.
            var reply = new CompletedReply(_codec, call, args.Body.ToArray());
            ThreadPool.UnsafeQueueUserWorkItem(static r => r.Apply(), reply, preferLocal: false);
        }

        // Else the call timed out or was cancelled already: its late reply is dropped.
        return Task.CompletedTask;
    }

    private Task OnReturnedAsync(object sender, BasicReturnEventArgs args)
    {
        if (long.TryParse(args.BasicProperties.CorrelationId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && _pending.TryRemove(id, out var call))
        {
            call.Fail(call.Method.Method.DeclaringType is { } type && typeof(IGrainObserver).IsAssignableFrom(type)
                ? new ObserverNotAvailableException($"The observer's node is gone: no queue took the call {call.Method.Name} ({args.RoutingKey}).")
                : new SiloUnavailableException($"No queue took the call {call.Method.Name} ({args.Exchange}/{args.RoutingKey}): {args.ReplyText}."));
        }

        return Task.CompletedTask;
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs args)
    {
        // Replies to this channel's pseudo-queue can no longer arrive, also after the client recovers the channel.
        FailAll(new SiloUnavailableException($"The broker connection was lost ({args.ReplyText}); the call's reply cannot arrive."));
        return Task.CompletedTask;
    }

    private void FailAll(Exception exception)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var call))
            {
                call.Fail(exception);
            }
        }
    }

    private void ExpireOverdue()
    {
        var now = _clock.GetTimestamp();
        foreach (var (id, call) in _pending)
        {
            if (call.IsDone)
            {
                _pending.TryRemove(id, out _); // cancelled by its caller
            }
            else if (call.Deadline <= now && _pending.TryRemove(id, out _))
            {
                call.MarkExpired();
                call.Expire();
            }
        }
    }

    private sealed class CompletedReply(CallCodec codec, IGrainCall call, byte[] body)
    {
        public void Apply() => codec.ApplyReply(body, call.Method, call);
    }
}
