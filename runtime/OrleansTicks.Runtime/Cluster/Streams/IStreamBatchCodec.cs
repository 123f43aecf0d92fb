using System.Buffers;

namespace OrleansTicks.Runtime.Cluster.Streams;

/// <summary>How items of type <typeparamref name="T"/> travel between silos on cluster streams. Register one in the
/// services for a compact format (trades have a binary one); without it items travel as JSON
/// (<see cref="JsonStreamBatchCodec{T}"/>).</summary>
public interface IStreamBatchCodec<T>
{
    /// <summary>Appends <paramref name="items"/> to <paramref name="writer"/>.</summary>
    void Encode(ReadOnlySpan<T> items, IBufferWriter<byte> writer);

    /// <summary>Reads back what <see cref="Encode"/> wrote. Throws <see cref="FormatException"/> (or a subclass) on
    /// bytes it cannot read.</summary>
    T[] Decode(ReadOnlySpan<byte> payload);
}
