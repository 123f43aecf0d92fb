using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using OrleansTicks.Grains.Feeds.Binance;
using OrleansTicks.Grains.Feeds.Live;

namespace OrleansTicks.Benchmarks;

/// <summary>The binance connector's parser, the hot path of the live feed: whole received messages (as the receive
/// loop hands them over) turned into trades in the reused batch. One operation is one message of one trade, so Op/s
/// is trades per second on one core and Allocated is bytes per trade. 4,096 distinct messages over 20 symbols with
/// realistic prices, quantities and ids, parsed in turn, the batch cleared every 1,024 trades as a publish would.</summary>
[MemoryDiagnoser]
public class BinanceParserBenchmarks
{
    private const int Messages = 4_096;
    private const int BatchSize = 1_024;

    private static readonly string[] Symbols =
    [
        "BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "TRXUSDT", "LINKUSDT", "LTCUSDT",
        "DOTUSDT", "AVAXUSDT", "BCHUSDT", "XLMUSDT", "ATOMUSDT", "UNIUSDT", "ETCUSDT", "NEARUSDT", "FILUSDT", "APTUSDT",
    ];

    private byte[][] _raw = [];
    private byte[][] _combined = [];
    private byte[][] _combinedAgg = [];
    private BinanceTradeParser _tradeParser = null!;
    private BinanceTradeParser _aggParser = null!;
    private readonly LiveTradeBatch _batch = new(BatchSize);

    [GlobalSetup]
    public void Setup()
    {
        _tradeParser = new BinanceTradeParser(BinanceStream.Trade, new Utf8SymbolTable(Symbols));
        _aggParser = new BinanceTradeParser(BinanceStream.AggTrade, new Utf8SymbolTable(Symbols));
        var random = new Random(7);
        _raw = new byte[Messages][];
        _combined = new byte[Messages][];
        _combinedAgg = new byte[Messages][];
        for (var i = 0; i < Messages; i++)
        {
            var symbol = Symbols[i % Symbols.Length];
            var price = (0.05 + (random.NextDouble() * 90_000)).ToString("F8", CultureInfo.InvariantCulture);
            var quantity = (random.NextDouble() * 3).ToString("F8", CultureInfo.InvariantCulture);
            var id = 5_219_384_170L + i;
            var time = 1_763_650_400_123L + (i * 7);
            var trade = $$"""{"e":"trade","E":{{time + 2}},"s":"{{symbol}}","t":{{id}},"p":"{{price}}","q":"{{quantity}}","T":{{time}},"m":true,"M":true}""";
            var agg = $$"""{"e":"aggTrade","E":{{time + 2}},"s":"{{symbol}}","a":{{id}},"p":"{{price}}","q":"{{quantity}}","f":{{id * 3}},"l":{{(id * 3) + 2}},"T":{{time}},"m":false,"M":true}""";
            var stream = symbol.ToLowerInvariant();
            _raw[i] = Encoding.UTF8.GetBytes(trade);
            _combined[i] = Encoding.UTF8.GetBytes($$"""{"stream":"{{stream}}@trade","data":{{trade}}}""");
            _combinedAgg[i] = Encoding.UTF8.GetBytes($$"""{"stream":"{{stream}}@aggTrade","data":{{agg}}}""");
        }
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "raw @trade (/ws)")]
    public int Raw() => ParseAll(_tradeParser, _raw);

    [Benchmark(OperationsPerInvoke = Messages, Description = "combined @trade (/stream)")]
    public int Combined() => ParseAll(_tradeParser, _combined);

    [Benchmark(OperationsPerInvoke = Messages, Description = "combined @aggTrade (/stream)")]
    public int CombinedAggTrade() => ParseAll(_aggParser, _combinedAgg);

    private int ParseAll(BinanceTradeParser parser, byte[][] messages)
    {
        var batch = _batch;
        var parsed = 0;
        foreach (var message in messages)
        {
            parser.Parse(message, batch, out _);
            if (batch.Count == BatchSize)
            {
                parsed += batch.Count;
                batch.Clear();
            }
        }

        parsed += batch.Count;
        batch.Clear();
        return parsed;
    }
}
