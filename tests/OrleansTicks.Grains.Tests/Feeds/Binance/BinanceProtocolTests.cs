using System.Text;
using OrleansTicks.Grains.Feeds.Binance;
using OrleansTicks.Grains.Feeds.Live;

namespace OrleansTicks.Grains.Tests.Feeds.Binance;

public sealed class BinanceProtocolTests
{
    [Fact]
    public async Task Subscribing_sends_lower_case_streams_in_requests_of_at_most_the_configured_size_with_increasing_ids()
    {
        var protocol = Create(BinanceStream.AggTrade, maxStreamsPerMessage: 2);
        var channel = new RecordingChannel();

        await protocol.SendSubscriptionAsync(channel, ["BTCUSDT", "ETHUSDT", "SOLUSDT"], subscribe: true, CancellationToken.None);
        await protocol.SendSubscriptionAsync(channel, ["ETHUSDT"], subscribe: false, CancellationToken.None);

        Assert.Equal(
        [
            """{"method":"SUBSCRIBE","params":["btcusdt@aggTrade","ethusdt@aggTrade"],"id":1}""",
            """{"method":"SUBSCRIBE","params":["solusdt@aggTrade"],"id":2}""",
            """{"method":"UNSUBSCRIBE","params":["ethusdt@aggTrade"],"id":3}""",
        ], channel.Sent);
        Assert.Equal(3, protocol.PendingRequests);
    }

    [Fact]
    public async Task An_answer_settles_its_request_and_an_error_answer_names_the_request_it_refuses()
    {
        var protocol = Create(BinanceStream.Trade, maxStreamsPerMessage: 200);
        await protocol.SendSubscriptionAsync(new RecordingChannel(), ["BTCUSDT"], subscribe: true, CancellationToken.None);
        await protocol.SendSubscriptionAsync(new RecordingChannel(), ["DOGEUSDT"], subscribe: true, CancellationToken.None);
        var batch = new LiveTradeBatch();

        Assert.Equal(LiveMessage.Control, protocol.Parse("""{"result":null,"id":1}"""u8, batch));
        var error = protocol.Parse("""{"error":{"code":2,"msg":"Invalid request"},"id":2}"""u8, batch);

        Assert.Equal(LiveMessage.VendorError("code 2: Invalid request (the answer to request 2: SUBSCRIBE of 1 streams from dogeusdt@trade)"), error);
        Assert.Equal(0, protocol.PendingRequests);
    }

    [Fact]
    public async Task A_new_connection_forgets_the_requests_of_the_previous_one()
    {
        var protocol = Create(BinanceStream.Trade, maxStreamsPerMessage: 200);
        await protocol.SendSubscriptionAsync(new RecordingChannel(), ["BTCUSDT"], subscribe: true, CancellationToken.None);

        protocol.OnConnected();

        Assert.Equal(0, protocol.PendingRequests);
        Assert.Equal(
            LiveMessage.VendorError("code 2: x (the answer to request 1: not a request of this connection)"),
            protocol.Parse("""{"error":{"code":2,"msg":"x"},"id":1}"""u8, new LiveTradeBatch()));
    }

    private static BinanceProtocol Create(BinanceStream stream, int maxStreamsPerMessage) =>
        new(BinanceEndpoint.Resolve(null, null, out _)!, stream, new Utf8SymbolTable([]), maxStreamsPerMessage);

    private sealed class RecordingChannel : ILiveFeedChannel
    {
        public List<string> Sent { get; } = [];

        public ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken)
        {
            Sent.Add(Encoding.UTF8.GetString(utf8Message.Span));
            return ValueTask.CompletedTask;
        }
    }
}
