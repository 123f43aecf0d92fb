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

    private static string MethodOf(LiveMessage message) => message.Kind switch
    {
        LiveMessageKind.Quote => QuoteMethod,
        LiveMessageKind.Bar => BarMethod,
        LiveMessageKind.RegenerationCompleted => RegenerationCompletedMethod,
        _ => throw new InvalidOperationException($"A hub connection does not send {message.Kind} messages."),
    };
}
