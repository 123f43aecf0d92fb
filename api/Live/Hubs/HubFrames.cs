using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using OrleansTicks.Api.Live.Outbox;

namespace OrleansTicks.Api.Live.Hubs;

/// <summary>A live message as a whole SignalR invocation frame (<c>{"type":1,"target":"quote","arguments":[...]}</c> and
/// its record separator), made once per message and protocol and shared by every connection that sends it.</summary>
internal static class HubFrames
{
    /// <summary>The hub's client method for quotes.</summary>
    public const string QuoteMethod = "quote";

    /// <summary>The hub's client method for bars.</summary>
    public const string BarMethod = "bar";

    /// <summary>The hub's client method for a finished regeneration.</summary>
    public const string RegenerationCompletedMethod = "regenerationCompleted";

    /// <summary>The invocation that delivers <paramref name="message"/>: its payload is serialized by the protocol,
    /// once per message, since the whole frame is kept.</summary>
    private static InvocationMessage Invocation(LiveMessage message) => new(MethodOf(message), [message.Payload]);

    /// <summary>The frame of <paramref name="message"/> in <paramref name="protocol"/>. The frame of the first protocol
    /// asked is kept with the message (every connection speaks JSON unless another protocol is added); another one is
    /// serialized each time.</summary>
    public static ReadOnlyMemory<byte> Of(LiveMessage message, IHubProtocol protocol)
    {
        if (message.Frame is { } cached && ReferenceEquals(cached.Format, protocol))
        {
            return cached.Bytes;
        }

        var bytes = protocol.GetMessageBytes(Invocation(message));
        message.Frame ??= new CachedFrame(protocol, bytes); // racing connections make equal frames: either wins
        return bytes;
    }

    /// <summary>The whole of <paramref name="notification"/> in <paramref name="protocol"/> as one ready-to-write hub
    /// message: its messages' frames one after the other (each self-delimiting), made once and kept with the
    /// notification like a message's frame, so that every connection whose batch is exactly this notification writes
    /// the same object and allocates nothing.</summary>
    public static SerializedHubMessage Of(LiveNotification notification, IHubProtocol protocol)
    {
        if (notification.Frame is { Prepared: SerializedHubMessage prepared } cached && ReferenceEquals(cached.Format, protocol))
        {
            return prepared;
        }

        var messages = notification.Messages;
        ReadOnlyMemory<byte> bytes;
        if (messages.Length == 1)
        {
            bytes = Of(messages[0], protocol);
        }
        else
        {
            var length = 0;
            foreach (var message in messages)
            {
                length += Of(message, protocol).Length;
            }

            var joined = new byte[length];
            var at = 0;
            foreach (var message in messages)
            {
                var frame = Of(message, protocol).Span;
                frame.CopyTo(joined.AsSpan(at));
                at += frame.Length;
            }

            bytes = joined;
        }

        var serialized = new SerializedHubMessage([new SerializedMessage(protocol.Name, bytes)]);
        notification.Frame ??= new CachedFrame(protocol, bytes, serialized); // racing connections make equal frames
        return serialized;
    }

    private static string MethodOf(LiveMessage message) => message.Kind switch
    {
        LiveMessageKind.Quote => QuoteMethod,
        LiveMessageKind.Bar => BarMethod,
        LiveMessageKind.RegenerationCompleted => RegenerationCompletedMethod,
        _ => throw new InvalidOperationException($"A hub connection does not send {message.Kind} messages."),
    };
}
