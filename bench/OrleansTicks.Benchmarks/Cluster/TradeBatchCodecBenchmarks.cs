using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Benchmarks.Cluster;

/// <summary>The cluster transport's payload codec: one 200-trade batch (20 symbols, as one partition's share of a
/// feed) encoded into a reused buffer writer and decoded into a reused array, binary against the JSON the RabbitMQ
/// harness used before. OperationsPerInvoke is the batch size, so Op/s is trades per second on one core and
/// Allocated is bytes per trade.</summary>
[MemoryDiagnoser]
public class TradeBatchCodecBenchmarks
{
    private const int BatchSize = 200;

    private readonly ArrayBufferWriter<byte> _writer = new(64 * 1024);
    private readonly Trade[] _decoded = new Trade[BatchSize];
    private Trade[] _trades = [];
    private byte[] _binary = [];
    private byte[] _json = [];

    [GlobalSetup]
    public void Setup()
    {
        _trades = TradeBatchSample.Create(BatchSize, seed: 11);
        TradeBatchCodec.Encode(_trades, _writer);
        _binary = _writer.WrittenSpan.ToArray();
        _json = JsonSerializer.SerializeToUtf8Bytes(_trades, TradeBatchJson.Default.TradeArray);
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int EncodeBinary()
    {
        _writer.ResetWrittenCount();
        TradeBatchCodec.Encode(_trades, _writer);
        return _writer.WrittenCount;
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int DecodeBinary() => TradeBatchCodec.Decode(_binary, _decoded);

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int EncodeJson()
    {
        _writer.ResetWrittenCount();
        using var json = new Utf8JsonWriter(_writer);
        JsonSerializer.Serialize(json, _trades, TradeBatchJson.Default.TradeArray);
        return _writer.WrittenCount;
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int DecodeJson() => JsonSerializer.Deserialize(_json, TradeBatchJson.Default.TradeArray)!.Length;
}
