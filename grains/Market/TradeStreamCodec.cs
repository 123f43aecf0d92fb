using System.Buffers;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Runtime.Cluster.Streams;

namespace OrleansTicks.Grains.Market;

/// <summary>Trades on cluster streams travel in the binary trade-batch format (docs/RABBITMQ.md), about a fifth of
/// their JSON size, and decode without a parser.</summary>
public sealed class TradeStreamCodec : IStreamBatchCodec<Trade>
{
    /// <inheritdoc />
    public void Encode(ReadOnlySpan<Trade> items, IBufferWriter<byte> writer) => TradeBatchCodec.Encode(items, writer);

    /// <inheritdoc />
    public Trade[] Decode(ReadOnlySpan<byte> payload)
    {
        var trades = new Trade[TradeBatchCodec.ReadCount(payload)];
        TradeBatchCodec.Decode(payload, trades);
        return trades;
    }
}
