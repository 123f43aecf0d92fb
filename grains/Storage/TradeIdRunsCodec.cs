using OrleansTicks.Grains.Market;

namespace OrleansTicks.Grains.Storage;

/// <summary>How the runs of a <see cref="TradeIdSet"/> are stored in <c>symbol_trade_ids.runs</c> (the floor has a
/// column of its own): a format byte (1), the number of runs, then per run the gap before it and its length, each an
/// unsigned LEB128 varint. The gap is <c>First - previous Last - 2</c> (the previous Last being the floor for the first
/// run) and the length <c>Last - First</c>; a canonical set has no run touching the floor or another run, so both are ≥ 0,
/// and since a feed numbers trades densely they are small: most runs take 2–4 bytes. Measured against JSON (the
/// grain-state form) and fixed 16-byte runs: see grains/README.md, "Checkpoints".</summary>
internal static class TradeIdRunsCodec
{
    public const byte Format = 1;

    /// <summary>Whether <paramref name="set"/> is in the form <see cref="Encode"/> needs: runs ascending, each
    /// non-empty, none touching the floor or the next. A <see cref="TradeIdSet"/> built by <c>TryAdd</c> always is; one
    /// whose <see cref="TradeIdSet.Floor"/> was set afterwards may not be.</summary>
    public static bool IsCanonical(TradeIdSet set)
    {
        var previous = set.Floor;
        foreach (var run in set.Runs)
        {
            // previous + 1 may overflow only if previous is long.MaxValue, which no later run can follow.
            if (run.First > run.Last || previous == long.MaxValue || run.First <= previous + 1)
            {
                return false;
            }

            previous = run.Last;
        }

        return true;
    }

    /// <summary>The runs of a canonical <paramref name="set"/> (<see cref="IsCanonical"/>).</summary>
    public static byte[] Encode(TradeIdSet set)
    {
        var runs = set.Runs;
        var size = 1 + VarintSize((ulong)runs.Count);
        var previous = set.Floor;
        foreach (var run in runs)
        {
            size += VarintSize(Gap(previous, run)) + VarintSize(Length(run));
            previous = run.Last;
        }

        var bytes = new byte[size];
        bytes[0] = Format;
        var at = WriteVarint(bytes, 1, (ulong)runs.Count);
        previous = set.Floor;
        foreach (var run in runs)
        {
            at = WriteVarint(bytes, at, Gap(previous, run));
            at = WriteVarint(bytes, at, Length(run));
            previous = run.Last;
        }

        return bytes;
    }

    /// <summary>The set stored as <paramref name="floor"/> and <paramref name="runs"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not runs of this format, or describe ids beyond
    /// <see cref="long.MaxValue"/>.</exception>
    public static TradeIdSet Decode(string symbol, long floor, ReadOnlySpan<byte> runs)
    {
        if (runs.IsEmpty || runs[0] != Format)
        {
            throw Corrupt(symbol, runs.IsEmpty ? "the runs are empty" : $"unknown format {runs[0]}");
        }

        var at = 1;
        var count = ReadVarint(symbol, runs, ref at);

        // Every run takes at least two bytes: a larger count is corrupt, and must not size an allocation.
        if (count > (ulong)(runs.Length - at) / 2)
        {
            throw Corrupt(symbol, $"{count} runs cannot fit in {runs.Length} bytes");
        }

        var decoded = new IdRun[(int)count];
        var previous = floor;
        for (var i = 0; i < decoded.Length; i++)
        {
            var gap = ReadVarint(symbol, runs, ref at);
            var length = ReadVarint(symbol, runs, ref at);
            var room = unchecked((ulong)(long.MaxValue - previous));
            if (room < 2 || gap > room - 2)
            {
                throw Corrupt(symbol, $"run {i} starts beyond the largest id");
            }

            var first = unchecked(previous + 2 + (long)gap);
            if (length > unchecked((ulong)(long.MaxValue - first)))
            {
                throw Corrupt(symbol, $"run {i} ends beyond the largest id");
            }

            previous = unchecked(first + (long)length);
            decoded[i] = new IdRun(first, previous);
        }

        if (at != runs.Length)
        {
            throw Corrupt(symbol, $"{runs.Length - at} bytes follow the last run");
        }

        return new TradeIdSet { Floor = floor, Runs = decoded };
    }

    private static ulong Gap(long previous, IdRun run) => unchecked((ulong)(run.First - previous - 2));

    private static ulong Length(IdRun run) => unchecked((ulong)(run.Last - run.First));

    private static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static int WriteVarint(byte[] bytes, int at, ulong value)
    {
        while (value >= 0x80)
        {
            bytes[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        bytes[at++] = (byte)value;
        return at;
    }

    private static ulong ReadVarint(string symbol, ReadOnlySpan<byte> bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= bytes.Length)
            {
                throw Corrupt(symbol, "the runs end inside a number");
            }

            var b = bytes[at++];
            if (shift == 63 && b > 1)
            {
                break;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Corrupt(symbol, "a number is longer than 64 bits");
    }

    private static InvalidDataException Corrupt(string symbol, string why) =>
        new($"The stored trade-id record of {symbol} is unreadable: {why}.");
}
