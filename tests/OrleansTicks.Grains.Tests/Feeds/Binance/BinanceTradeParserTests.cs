using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds.Binance;
using OrleansTicks.Grains.Feeds.Live;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Feeds.Binance;

public sealed class BinanceTradeParserTests
{
    private static readonly DateTime Time = new(2025, 11, 20, 14, 53, 20, 123, DateTimeKind.Utc); // 1763650400123 ms

    [Fact]
    public void A_raw_trade_payload_becomes_one_trade_with_the_trade_id_and_exact_decimals()
    {
        var (outcome, trades, _) = Parse(BinanceStream.Trade,
            """{"e":"trade","E":1763650400130,"s":"BTCUSDT","t":5219384170,"p":"91234.56000000","q":"0.00012000","T":1763650400123,"m":true,"M":true}""");

        Assert.Equal(LiveMessageKind.Trades, outcome.Kind);
        Assert.Equal(new Trade("BTCUSDT", 5219384170, 91234.56m, 0.00012m, Time), Assert.Single(trades));
        Assert.Equal(DateTimeKind.Utc, trades[0].Time.Kind);
    }

    [Fact]
    public void A_combined_aggTrade_payload_uses_the_aggregate_id_whatever_the_property_order()
    {
        var (first, trades, _) = Parse(BinanceStream.AggTrade,
            """{"stream":"ethusdt@aggTrade","data":{"e":"aggTrade","E":1,"s":"ETHUSDT","a":26129,"p":"3012.5","q":"1.25","f":100,"l":105,"T":1763650400123,"m":true,"M":true}}""",
            """{"data":{"T":1763650400123,"q":"2","p":"3013","a":26130,"s":"ETHUSDT","e":"aggTrade"},"stream":"ethusdt@aggTrade"}""");

        Assert.Equal(LiveMessageKind.Trades, first.Kind);
        Assert.Equal([new Trade("ETHUSDT", 26129, 3012.5m, 1.25m, Time), new Trade("ETHUSDT", 26130, 3013m, 2m, Time)], trades);
    }

    [Fact]
    public void A_lower_case_symbol_is_upper_cased_to_the_one_string_the_table_holds()
    {
        var table = new Utf8SymbolTable(["BTCUSDT"]);
        var batch = new LiveTradeBatch();
        new BinanceTradeParser(BinanceStream.Trade, table).Parse("""{"e":"trade","s":"btcusdt","t":1,"p":"1","q":"1","T":0}"""u8, batch, out _);
        new BinanceTradeParser(BinanceStream.Trade, table).Parse("""{"e":"trade","s":"BTCUSDT","t":2,"p":"1","q":"1","T":0}"""u8, batch, out _);

        var trades = batch.Trades.ToArray();
        Assert.Equal("BTCUSDT", trades[0].Symbol);
        Assert.Same(trades[0].Symbol, trades[1].Symbol);
        Assert.Equal(1, table.Count);
    }

    [Theory]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":0,"x":"a \"}\" b","y":[1,{"z":"}"}],"m":true}  """)]
    [InlineData("""{"data":{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":0,"M":true},"stream":"btcusdt@trade"}""")]
    public void The_fields_after_a_complete_trade_are_skipped_but_must_close_the_message(string message)
    {
        var (outcome, trades, _) = Parse(BinanceStream.Trade, message);

        Assert.Equal(LiveMessageKind.Trades, outcome.Kind);
        Assert.Single(trades);
    }

    [Theory]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":0,"x":"unterminated""")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":0,"x":"a\\""")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":0,"y":[1,{"z":2}}""")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":0}}""")]
    public void A_message_whose_skipped_rest_does_not_close_it_is_bad(string message)
    {
        var (outcome, trades, _) = Parse(BinanceStream.Trade, message);

        Assert.Equal(LiveMessage.Bad("not valid JSON"), outcome);
        Assert.Empty(trades);
    }

    [Fact]
    public void Values_the_ingestor_judges_are_passed_on_for_it_to_count()
    {
        var (outcome, trades, _) = Parse(BinanceStream.Trade, """{"e":"trade","s":"XYZUSDT","t":1,"p":"-1.5","q":"-2","T":-1000}""");

        Assert.Equal(LiveMessageKind.Trades, outcome.Kind);
        Assert.Equal(new Trade("XYZUSDT", 1, -1.5m, -2m, DateTime.UnixEpoch.AddSeconds(-1)), Assert.Single(trades));
    }

    [Theory]
    [InlineData("""{"result":null,"id":7}""", 7)]
    [InlineData("""{"result":["btcusdt@trade"],"id":8}""", 8)]
    public void An_answer_is_a_control_message_with_its_request_id(string message, long id)
    {
        var (outcome, trades, requestId) = Parse(BinanceStream.Trade, message);

        Assert.Equal(LiveMessageKind.Control, outcome.Kind);
        Assert.Empty(trades);
        Assert.Equal(id, requestId);
    }

    [Theory]
    [InlineData("""{"error":{"code":2,"msg":"Invalid request: unknown property"},"id":9}""", 9)]
    [InlineData("""{"code":0,"msg":"Unknown property","id":9}""", 9)]
    [InlineData("""{"code":3,"msg":"Invalid JSON: expected value at line 1 column 1"}""", -1)]
    public void An_error_answer_is_a_vendor_error_with_its_code_and_text(string message, long id)
    {
        var (outcome, _, requestId) = Parse(BinanceStream.Trade, message);

        Assert.Equal(LiveMessageKind.VendorError, outcome.Kind);
        Assert.Matches("^code [0-9]+: .+", outcome.Detail);
        Assert.Equal(id, requestId);
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":0} {"e":1""", "not valid JSON")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":0""", "not valid JSON")]
    [InlineData("""{"stream":"btcusdt@trade","data":{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":0,"m":true}""", "not valid JSON")]
    [InlineData("""{"result":null,"id":1}{}""", "not valid JSON")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","p":"1","q":"1","T":0}""", "no trade id (t)")]
    [InlineData("""{"e":"trade","t":1,"p":"1","q":"1","T":0}""", "no symbol (s)")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"q":"1","T":0}""", "no price (p)")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1","T":0}""", "no quantity (q)")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1"}""", "no trade time (T)")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1,5","q":"1","T":0}""", "the price (p) is not a number")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"","T":0}""", "the quantity (q) is not a number")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1e99999","q":"1","T":0}""", "the price (p) is not a number")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1.5,"p":"1","q":"1","T":0}""", "the trade id (t) is not an integer")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":-1,"p":"1","q":"1","T":0}""", "negative trade id")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":true,"q":"1","T":0}""", "the price (p) is not a string")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":"0"}""", "the trade time (T) is not an integer")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":253402300800000}""", "the trade time (T) is beyond the calendar")]
    [InlineData("""{"e":"trade","s":"","t":1,"p":"1","q":"1","T":0}""", "empty symbol")]
    [InlineData("""{"e":"trade","s":"BTC\u0055SDT","t":1,"p":"1","q":"1","T":0}""", "escaped characters in a field")]
    [InlineData("""{"e":"24hrTicker","s":"BTCUSDT"}""", "not a trade event (e is not \"trade\")")]
    [InlineData("""{"stream":"btcusdt@trade"}""", "no event type (e) and no answer (result, id)")]
    public void A_malformed_message_is_bad_with_a_reason_and_adds_no_trade(string message, string reason)
    {
        var (outcome, trades, _) = Parse(BinanceStream.Trade, message);

        Assert.Equal(LiveMessage.Bad(reason), outcome);
        Assert.Empty(trades);
    }

    [Fact]
    public void Parsing_allocates_nothing_per_trade()
    {
        var parser = new BinanceTradeParser(BinanceStream.Trade, new Utf8SymbolTable(["BTCUSDT", "ETHUSDT"]));
        var raw = """{"e":"trade","E":1763650400130,"s":"BTCUSDT","t":5219384170,"p":"91234.56000000","q":"0.00012000","T":1763650400123,"m":true,"M":true}"""u8.ToArray();
        var combined = """{"stream":"ethusdt@trade","data":{"e":"trade","E":1763650400130,"s":"ETHUSDT","t":5219384171,"p":"3012.50","q":"1.2","T":1763650400123,"m":true,"M":true}}"""u8.ToArray();
        var batch = new LiveTradeBatch(2_048);
        parser.Parse(raw, batch, out _); // JIT and statics outside the measurement
        batch.Clear();

        Allocations.AssertNonePerItem(2_000, "parsing 2,000 trades", () =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                parser.Parse(raw, batch, out _);
                parser.Parse(combined, batch, out _);
            }
        });

        Assert.Equal(2_000, batch.Count);
    }

    private static (LiveMessage Outcome, Trade[] Trades, long RequestId) Parse(BinanceStream stream, params string[] messages)
    {
        var parser = new BinanceTradeParser(stream, new Utf8SymbolTable(["BTCUSDT"]));
        var batch = new LiveTradeBatch();
        LiveMessage first = default;
        var lastId = -1L;
        for (var i = 0; i < messages.Length; i++)
        {
            var outcome = parser.Parse(System.Text.Encoding.UTF8.GetBytes(messages[i]), batch, out var id);
            lastId = id;
            first = i == 0 ? outcome : first;
        }

        return (first, batch.Trades.ToArray(), lastId);
    }
}
