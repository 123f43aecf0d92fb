using System.Buffers;
using System.Text.Json;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Benchmarks.Cluster;

/// <summary>The harness's choice of message format: <see cref="TradeBatchCodec"/> (binary, the product's) or the JSON
/// array it measured before, kept so the two can be compared end to end.</summary>
internal sealed class TradeCodec
{
    private readonly bool _json;

    [ThreadStatic]
    private static Trade[]? _decodeBuffer;

    private TradeCodec(bool json) => _json = json;

    public string Name => _json ? "json" : "binary";

    public static TradeCodec Parse(string name) => name switch
    {
        "binary" => new TradeCodec(json: false),
        "json" => new TradeCodec(json: true),
        _ => throw new ArgumentException($"--codec is binary or json, not '{name}'.", nameof(name)),
    };

    public byte[] Encode(Trade[] trades)
    {
        if (_json)
        {
            return JsonSerializer.SerializeToUtf8Bytes(trades, TradeBatchJson.Default.TradeArray);
        }

        // The publisher keeps the body until confirmed, so each message owns its array.
        var writer = new ArrayBufferWriter<byte>(16 + (trades.Length * 24));
        TradeBatchCodec.Encode(trades, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a batch and returns how many trades it held.</summary>
    public int Decode(ReadOnlySpan<byte> body)
    {
        if (_json)
        {
            return JsonSerializer.Deserialize(body, TradeBatchJson.Default.TradeArray)!.Length;
        }

        var count = TradeBatchCodec.ReadCount(body);
        if (_decodeBuffer is null || _decodeBuffer.Length < count)
        {
            _decodeBuffer = new Trade[count];
        }

        return TradeBatchCodec.Decode(body, _decodeBuffer);
    }
}
