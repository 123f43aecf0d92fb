namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>Reads a trade batch's bytes front to back; every read checks what is left, so malformed input ends in a
/// <see cref="TradeBatchFormatException"/> that names what was being read and where, never an index error.</summary>
internal ref struct TradeBatchReader(ReadOnlySpan<byte> source)
{
    private readonly ReadOnlySpan<byte> _source = source;

    public int Position { get; private set; }

    public readonly int Remaining => _source.Length - Position;

    public readonly bool AtEnd => Position == _source.Length;

    public ReadOnlySpan<byte> ReadBytes(int count, string what)
    {
        if (count > Remaining)
        {
            throw Error($"truncated: {what} needs {count} bytes, {Remaining} left");
        }

        var bytes = _source.Slice(Position, count);
        Position += count;
        return bytes;
    }

    public ulong ReadVarint64(string what)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (Position >= _source.Length)
            {
                throw Error($"truncated: the varint of {what} ends early");
            }

            var b = _source[Position++];
            // The tenth byte carries bit 63 only; anything more overflows 64 bits.
            if (shift == 63 && b > 1)
            {
                throw Error($"the varint of {what} overflows 64 bits");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Error($"the varint of {what} overflows 64 bits");
    }

    public uint ReadVarint32(string what)
    {
        var value = ReadVarint64(what);
        if (value > uint.MaxValue)
        {
            throw Error($"{what} {value} is out of range");
        }

        return (uint)value;
    }

    public readonly TradeBatchFormatException Error(string what) =>
        new($"Malformed trade batch before byte {Position}: {what}.");
}
