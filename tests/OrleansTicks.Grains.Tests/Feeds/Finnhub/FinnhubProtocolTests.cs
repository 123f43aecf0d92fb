using System.Text;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds.Finnhub;
using OrleansTicks.Grains.Feeds.Live;
using OrleansTicks.TestKit;
using OrleansTicks.TestKit.Feeds;

namespace OrleansTicks.Grains.Tests.Feeds.Finnhub;

public sealed class FinnhubProtocolTests
{
    private static readonly DateTime At = new(2026, 11, 20, 14, 30, 0, 123, DateTimeKind.Utc);
    private static readonly long AtMs = new DateTimeOffset(At).ToUnixTimeMilliseconds();

    [Fact]
    public void A_trade_message_with_data_before_type_gives_its_trades_with_derived_ids()
    {
        var (outcome, trades) = Parse($$"""{"data":[{"c":["1","12"],"p":189.91,"s":"AAPL","t":{{AtMs}},"v":100},{"c":null,"p":0.5,"s":"BINANCE:BTCUSDT","t":{{AtMs + 1}},"v":0.00012}],"type":"trade"}""");

        Assert.Equal(LiveMessageKind.Trades, outcome.Kind);
        Assert.Equal(
            [
                new Trade("AAPL", FinnhubTradeIds.Derive(AtMs, 189.91m, 100m, 0), 189.91m, 100m, At),
                new Trade("BINANCE:BTCUSDT", FinnhubTradeIds.Derive(AtMs + 1, 0.5m, 0.00012m, 0), 0.5m, 0.00012m, At.AddMilliseconds(1)),
            ],
            trades);
    }

    [Fact]
    public void Identical_trades_in_one_message_get_different_ids_and_the_same_ones_on_every_delivery()
    {
        var message = $$"""{"type":"trade","data":[{"s":"AAPL","p":10,"v":5,"t":{{AtMs}}},{"s":"AAPL","p":10,"v":5,"t":{{AtMs}}},{"s":"AAPL","p":10.00,"v":5,"t":{{AtMs}}}]}""";

        var (_, first) = Parse(message);
        var (_, again) = Parse(message);

        Assert.Equal(3, first.Select(t => t.TradeId).Distinct().Count());
        Assert.Equal(first, again);
    }

    [Fact]
    public void Parsing_trades_allocates_nothing_per_trade()
    {
        var protocol = Protocol();
        var batch = new LiveTradeBatch(256);
        var message = Encoding.UTF8.GetBytes(FinnhubFrames.Trades(
            Enumerable.Range(0, 200).Select(i => new Trade(i % 3 == 0 ? "AAPL" : "BINANCE:BTCUSDT", 0, 100m + (i / 100m), 1m + (i % 7), At.AddMilliseconds(i / 4)))));
        protocol.Parse(message, batch); // first call outside the measurement: JIT, and the symbols' first sight
        batch.Clear();

        var trades = 0;
        Allocations.AssertNonePerItem(50 * 200, "parsing 50 messages of 200 trades", () =>
        {
            for (var i = 0; i < 50; i++)
            {
                trades += protocol.Parse(message, batch).Kind == LiveMessageKind.Trades ? batch.Count : 0;
                batch.Clear();
            }
        });

        Assert.Equal(50 * 200, trades);
    }

    [Fact]
    public void A_ping_is_a_control_message_and_an_error_is_a_vendor_error_with_its_text()
    {
        Assert.Equal(LiveMessage.Control, Parse("""{"type":"ping"}""").Outcome);
        Assert.Equal(LiveMessage.VendorError("Subscribing to too many symbols"), Parse("""{"type":"error","msg":"Subscribing to too many symbols"}""").Outcome);
    }

    [Fact]
    public void An_escaped_symbol_is_read_as_its_text()
    {
        var (outcome, trades) = Parse($$"""{"type":"trade","data":[{"s":"\u0041APL","p":1,"v":1,"t":{{AtMs}}}]}""");

        Assert.Equal(LiveMessageKind.Trades, outcome.Kind);
        Assert.Equal("AAPL", trades.Single().Symbol);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"type":"trade","data":[{"s":"AAPL","p":1,"v":1,"t":1763649000000}""", "not valid JSON")]
    [InlineData("""{"type":"trade"} {"type":"ping"}""", "not valid JSON")]
    [InlineData("""{"data":[]}""", "no type")]
    [InlineData("""{"type":"news","data":[]}""", "an unknown type")]
    [InlineData("""{"type":7}""", "an unknown type")]
    [InlineData("""{"type":"trade"}""", "a trade message without data")]
    [InlineData("""{"type":"trade","data":{}}""", "data is not an array")]
    [InlineData("""{"type":"trade","data":[1]}""", "a trade is not an object")]
    [InlineData("""{"type":"trade","data":[{"s":"AAPL","p":"1.5","v":1,"t":1763649000000}]}""", "a price (p) is not a number")]
    [InlineData("""{"type":"trade","data":[{"s":"AAPL","p":1,"v":null,"t":1763649000000}]}""", "a size (v) is not a number")]
    [InlineData("""{"type":"trade","data":[{"s":"AAPL","p":1,"v":1,"t":1763649000000.5}]}""", "a time (t) is not a whole number of milliseconds")]
    [InlineData("""{"type":"trade","data":[{"s":42,"p":1,"v":1,"t":1763649000000}]}""", "a symbol (s) is not a string")]
    [InlineData("""{"type":"trade","data":[{"s":"","p":1,"v":1,"t":1763649000000}]}""", "empty symbol")]
    [InlineData("""{"type":"trade","data":[{"s":"AAPL","p":1,"t":1763649000000}]}""", "a trade lacks s, p, v or t")]
    [InlineData("""{"type":"trade","data":[{"s":"AAPL","p":1,"v":1,"t":1763649000}]}""", "a trade's time (t) is before 2020 or after 2054")]
    [InlineData("""{"type":"trade","data":[{"s":"AAPL","p":1e40,"v":1,"t":1763649000000}]}""", "a price (p) is not a number")]
    public void A_malformed_message_is_bad_saying_why_and_leaves_no_trades(string message, string problem)
    {
        var batch = new LiveTradeBatch();
        batch.Add(new Trade("MSFT", 1, 1m, 1m, At)); // an earlier message's trade stays

        var outcome = Protocol().Parse(Encoding.UTF8.GetBytes(message), batch);

        Assert.Equal(LiveMessage.Bad(problem), outcome);
        Assert.Equal(1, batch.Count);
    }

    [Fact]
    public void A_good_trade_before_a_bad_one_in_the_same_message_is_not_kept()
    {
        var batch = new LiveTradeBatch();

        var outcome = Protocol().Parse(Encoding.UTF8.GetBytes($$"""{"type":"trade","data":[{"s":"AAPL","p":1,"v":1,"t":{{AtMs}}},{"s":"AAPL","p":"x","v":1,"t":{{AtMs}}}]}"""), batch);

        Assert.Equal(LiveMessageKind.Bad, outcome.Kind);
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public async Task Subscriptions_are_one_message_per_symbol_in_finnhubs_shape()
    {
        var channel = new RecordingChannel();
        var protocol = Protocol();

        await protocol.SendSubscriptionAsync(channel, ["AAPL", "BRK.B"], subscribe: true, CancellationToken.None);
        await protocol.SendSubscriptionAsync(channel, ["AAPL"], subscribe: false, CancellationToken.None);

        Assert.Equal(
            ["""{"type":"subscribe","symbol":"AAPL"}""", """{"type":"subscribe","symbol":"BRK.B"}""", """{"type":"unsubscribe","symbol":"AAPL"}"""],
            channel.Sent);
    }

    [Fact]
    public void The_token_goes_in_the_query_and_is_hidden_in_the_source()
    {
        var protocol = new FinnhubProtocol(new Uri("wss://ws.finnhub.io"), "s3cr3t", new Utf8SymbolTable([]));

        Assert.Equal("wss://ws.finnhub.io/?token=s3cr3t", protocol.ConnectUri.AbsoluteUri);
        Assert.Equal("wss://ws.finnhub.io/?token=***", protocol.Source);
    }

    private static FinnhubProtocol Protocol() => new(new Uri("ws://127.0.0.1:1/"), null, new Utf8SymbolTable(["AAPL"]));

    private static (LiveMessage Outcome, List<Trade> Trades) Parse(string message)
    {
        var batch = new LiveTradeBatch(2);
        var outcome = Protocol().Parse(Encoding.UTF8.GetBytes(message), batch);
        return (outcome, [.. batch.Trades.ToArray()]);
    }

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
