using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace OrleansTicks.Runtime.Cluster.Streams;

/// <summary>The body of a stream message on a partition queue: the items of any number of streams of that partition,
/// gathered while the previous message awaited its confirm.
/// <code>
/// message = version:u8 (1) segment*
/// segment = namespaceLength:u16 namespace:utf8 keyLength:u16 key:utf8 payloadLength:i32 payload
/// </code>
/// Integers little-endian; the payload is the items as the namespace's codec wrote them.</summary>
internal static class StreamMessage
{
    public const byte Version = 1;

    /// <summary>Appends one segment; the payload is taken from <paramref name="payload"/>.</summary>
    public static void WriteSegment(IBufferWriter<byte> writer, string streamNamespace, string key, ReadOnlySpan<byte> payload)
    {
        WriteString(writer, streamNamespace);
        WriteString(writer, key);
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), payload.Length);
        writer.Advance(4);
        writer.Write(payload);
    }

    /// <summary>Reads the segments of <paramref name="body"/>; throws <see cref="FormatException"/> when it is not a
    /// stream message of this version.</summary>
    public static List<Segment> Read(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (span.IsEmpty || span[0] != Version)
        {
            throw new FormatException($"Not a version-{Version} stream message (first byte {(span.IsEmpty ? "none" : span[0].ToString(System.Globalization.CultureInfo.InvariantCulture))}).");
        }

        var segments = new List<Segment>();
        var at = 1;
        while (at < span.Length)
        {
            var streamNamespace = ReadString(span, ref at);
            var key = ReadString(span, ref at);
            var length = ReadInt32(span, ref at);
            if (length < 0 || length > span.Length - at)
            {
                throw new FormatException($"A stream segment of {streamNamespace}/{key} claims {length} bytes; {span.Length - at} remain.");
            }

            segments.Add(new Segment(streamNamespace, key, body.Slice(at, length)));
            at += length;
        }

        return segments;
    }

    private static void WriteString(IBufferWriter<byte> writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"A stream namespace or key is at most {ushort.MaxValue} UTF-8 bytes; this one is {length}.", nameof(value));
        }

        var span = writer.GetSpan(2 + length);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)length);
        Encoding.UTF8.GetBytes(value, span[2..]);
        writer.Advance(2 + length);
    }

    private static string ReadString(ReadOnlySpan<byte> span, ref int at)
    {
        if (span.Length - at < 2)
        {
            throw new FormatException("A stream segment ends inside a length.");
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(span[at..]);
        at += 2;
        if (length == 0 || length > span.Length - at)
        {
            throw new FormatException($"A stream segment's name claims {length} bytes; {span.Length - at} remain.");
        }

        var value = Encoding.UTF8.GetString(span.Slice(at, length));
        at += length;
        return value;
    }

    private static int ReadInt32(ReadOnlySpan<byte> span, ref int at)
    {
        if (span.Length - at < 4)
        {
            throw new FormatException("A stream segment ends inside its payload length.");
        }

        var value = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        at += 4;
        return value;
    }

    /// <summary>The items of one stream in a message, still encoded.</summary>
    public readonly record struct Segment(string Namespace, string Key, ReadOnlyMemory<byte> Payload);
}
