using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OrleansTicks.Runtime.Cluster.RabbitMq;

/// <summary>The publisher confirms of one channel: a task per published sequence number, completed with null by the
/// broker's ack (single or multiple), or with the reason of the failure: a nack, a return (mandatory, unroutable) or
/// the channel closing.
/// The publisher tracks confirms itself rather than with RabbitMQ.Client's tracking because the client's own
/// in-flight limiter lets queued publishes overtake each other, and a partition's order is the point.</summary>
internal sealed class ConfirmTracker
{
    /// <summary>The header carrying the sequence number, so that a returned message is matched to its publish.</summary>
    public const string SequenceHeader = "x-orleansticks-seq";

    private readonly SortedDictionary<ulong, TaskCompletionSource<string?>> _pending = [];
    /// <summary>Tracks the confirms of <paramref name="channel"/>.</summary>
    public ConfirmTracker(IChannel channel)
    {
        channel.BasicAcksAsync += (_, args) => Complete(args.DeliveryTag, args.Multiple, null);
        channel.BasicNacksAsync += (_, args) => Complete(args.DeliveryTag, args.Multiple, "refused by the broker (nack)");
        channel.BasicReturnAsync += OnReturnAsync;
        channel.ChannelShutdownAsync += (_, args) =>
        {
            FailAll($"the channel or connection was closed before the confirm ({args.ReplyCode} {args.ReplyText})");
            return Task.CompletedTask;
        };
    }

    /// <summary>Registers a publish about to be sent with <paramref name="sequenceNumber"/>; the task's result is null
    /// once it is confirmed, else why it failed.</summary>
    public Task<string?> Track(ulong sequenceNumber)
    {
        var confirmed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            _pending[sequenceNumber] = confirmed;
        }

        return confirmed.Task;
    }

    /// <summary>Drops a publish whose sending failed (it will never be confirmed).</summary>
    public void Forget(ulong sequenceNumber)
    {
        TaskCompletionSource<string?>? confirmed;
        lock (_pending)
        {
            _pending.Remove(sequenceNumber, out confirmed);
        }

        confirmed?.TrySetResult("it was not sent");
    }

    private Task Complete(ulong deliveryTag, bool multiple, string? failure)
    {
        List<TaskCompletionSource<string?>> done = [];
        lock (_pending)
        {
            if (!multiple)
            {
                if (_pending.Remove(deliveryTag, out var one))
                {
                    done.Add(one);
                }
            }
            else
            {
                while (_pending.Count > 0 && _pending.First() is { Key: var tag, Value: var confirmed } && tag <= deliveryTag)
                {
                    _pending.Remove(tag);
                    done.Add(confirmed);
                }
            }
        }

        foreach (var confirmed in done)
        {
            // A returned message is acked after its return: the failure set first stands.
            confirmed.TrySetResult(failure);
        }

        return Task.CompletedTask;
    }

    private Task OnReturnAsync(object sender, BasicReturnEventArgs args)
    {
        if (args.BasicProperties.Headers?.TryGetValue(SequenceHeader, out var value) == true && value is long sequenceNumber)
        {
            TaskCompletionSource<string?>? confirmed;
            lock (_pending)
            {
                _pending.TryGetValue((ulong)sequenceNumber, out confirmed);
            }

            confirmed?.TrySetResult(
                $"returned unroutable ({args.ReplyCode} {args.ReplyText}): no queue is bound to exchange '{args.Exchange}' with routing key '{args.RoutingKey}'");
        }

        return Task.CompletedTask;
    }

    // A publish tracked after this (the channel closed already) fails to send and is forgotten, so nothing waits
    // forever; and after the client recovers the channel, tracking simply goes on.
    private void FailAll(string reason)
    {
        List<TaskCompletionSource<string?>> failed;
        lock (_pending)
        {
            failed = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var confirmed in failed)
        {
            confirmed.TrySetResult(reason);
        }
    }
}
