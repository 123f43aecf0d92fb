using System.Buffers;

namespace OrleansTicks.GrainInterfaces.Tests;

/// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/>, as a pipe or a socket receive can hand over.</summary>
internal sealed class ByteSegment : ReadOnlySequenceSegment<byte>
{
    private ByteSegment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(ReadOnlyMemory<byte> bytes, int segmentLength)
    {
        var first = new ByteSegment(bytes[..Math.Min(segmentLength, bytes.Length)], 0);
        var last = first;
        for (var at = last.Memory.Length; at < bytes.Length; at += segmentLength)
        {
            var next = new ByteSegment(bytes.Slice(at, Math.Min(segmentLength, bytes.Length - at)), at);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
