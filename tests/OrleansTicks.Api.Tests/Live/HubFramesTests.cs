using System.Buffers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using OrleansTicks.Api.Live.Hubs;
using OrleansTicks.Api.Live.Outbox;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>A notification's shared hub frame: what every idle connection watching the symbol writes, so it must be
/// exactly the notification's messages, and only a batch that is exactly that notification may use it.</summary>
public sealed class HubFramesTests
{
    private static readonly DateTime Minute = new(2026, 1, 5, 14, 30, 0, DateTimeKind.Utc);
    private readonly JsonHubProtocol _protocol = new(Options.Create(new JsonHubProtocolOptions()));

    [Fact]
    public void A_notification_is_framed_once_as_its_messages_one_after_the_other()
    {
        var (quote, bar) = Messages(seq: 7);
        LiveNotification.Group([bar, quote]);

        var first = HubFrames.Of(quote.Notification!, _protocol);
        var second = HubFrames.Of(bar.Notification!, _protocol);

        Assert.Same(first, second); // one object for every connection
        var bytes = new ReadOnlySequence<byte>(first.GetSerializedMessage(_protocol));
        Assert.True(_protocol.TryParseMessage(ref bytes, new NoBinder(), out var one));
        Assert.True(_protocol.TryParseMessage(ref bytes, new NoBinder(), out var two));
        Assert.True(bytes.IsEmpty);
        Assert.Equal([HubFrames.BarMethod, HubFrames.QuoteMethod], new[] { one, two }.Select(m => ((InvocationMessage)m!).Target));
        Assert.Equal(
            HubFrames.Of(bar, _protocol).ToArray().Concat(HubFrames.Of(quote, _protocol).ToArray()),
            first.GetSerializedMessage(_protocol).ToArray());
    }

    [Fact]
    public void Only_a_batch_of_exactly_one_notifications_messages_in_order_spans_it()
    {
        var (quote, bar) = Messages(seq: 7);
        LiveNotification.Group([bar, quote]);
        var (laterQuote, laterBar) = Messages(seq: 9);
        LiveNotification.Group([laterQuote, laterBar]);
        var loose = LiveMessage.ForQuote(Quote(11));

        Assert.Same(bar.Notification, LiveNotification.Spanning([bar, quote]));
        Assert.Null(LiveNotification.Spanning([bar]));                          // part of it
        Assert.Null(LiveNotification.Spanning([quote, bar]));                   // out of order
        Assert.Null(LiveNotification.Spanning([bar, laterQuote]));              // a conflated quote in place of its own
        Assert.Null(LiveNotification.Spanning([bar, quote, laterQuote, laterBar])); // two notifications
        Assert.Null(LiveNotification.Spanning([loose]));                        // not from a notification
        Assert.Null(LiveNotification.Spanning([]));
    }

    private static (LiveMessage Quote, LiveMessage Bar) Messages(long seq) =>
        (LiveMessage.ForQuote(Quote(seq + 1)),
         LiveMessage.ForBar(new BarUpdate("AAPL", Bar.FromTrade(new Trade("AAPL", seq, 10m, 1, Minute), Minute), IsFinal: false, Revision: 0, Sequence: seq)));

    private static Quote Quote(long seq) => new()
    {
        Symbol = "AAPL", Price = 10m, Size = 1, Time = Minute.AddSeconds(seq), TradeId = seq, Sequence = seq,
        Open = 1, High = 10m, Low = 1, Volume = seq, Trades = seq, Vwap = 10m, PreviousClose = null, Subscribers = 1,
    };

    /// <summary>The frames are server-to-client invocations: the binder is never asked for parameter types.</summary>
    private sealed class NoBinder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(object)];

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
