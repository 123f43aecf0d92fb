using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>Runs calls that arrive over the broker (on a partition, the work queue or this node's own queue) on this
/// node's activations and publishes their replies.</summary>
internal sealed class IncomingCalls(CallCodec codec, Func<CallChannel?> replies, ILogger logger)
{
    /// <summary>Queues the call in <paramref name="body"/> in its target's mailbox, in the order calls arrive; returns a
    /// task that completes when the call has run and its reply is sent. Never throws and the task never faults: a
    /// call that cannot be read is answered (when it expects an answer) and dropped.</summary>
    public Task DispatchAsync(IReadOnlyBasicProperties? properties, ReadOnlySpan<byte> body)
    {
        var replyTo = properties?.ReplyTo;
        IncomingCall call;
        try
        {
            call = codec.DecodeRequest(body);
        }
        catch (CallFormatException exception)
        {
            TransportLog.BadCall(logger, exception, replyTo is null ? string.Empty : " (the caller is told)");
            return replyTo is null ? Task.CompletedTask : ReplyAsync(replyTo, properties!.CorrelationId, CallCodec.EncodeFailure(exception));
        }

        // The call is in the mailbox when this returns: the next delivery's call queues behind it.
        var running = call.Method.DispatchLocallyAsync(call.Target, call.Arguments);
        return RespondAsync(running, call, replyTo, properties?.CorrelationId);
    }

    private async Task RespondAsync(Task<object?> running, IncomingCall call, string? replyTo, string? correlationId)
    {
        byte[] reply;
        try
        {
            var result = await running.ConfigureAwait(false);
            if (replyTo is null)
            {
                return;
            }

            reply = codec.EncodeResult(result, call.Method.ResultType);
        }
#pragma warning disable CA1031 // Whatever the grain threw goes back to the caller; nothing escapes into the consumer.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            if (replyTo is null)
            {
                // A one-way call to an observer that has gone is expected until its subscription expires; the call
                // itself logged that at Debug.
                if (exception is not ObserverNotAvailableException)
                {
                    TransportLog.OneWayCallFailed(logger, exception, call.Method.Name, call.Target.GrainId.ToString());
                }

                return;
            }

            reply = CallCodec.EncodeFailure(exception);
        }

        await ReplyAsync(replyTo, correlationId, reply).ConfigureAwait(false);
    }

    private Task ReplyAsync(string replyTo, string? correlationId, byte[] body) =>
        replies() is { } channel ? channel.ReplyAsync(replyTo, correlationId, body) : Task.CompletedTask;
}
