using System.Buffers;
using OrleansTicks.Runtime.Cluster.Streams;

namespace OrleansTicks.Runtime.Tests.Cluster.Transport;

/// <summary>The body of cluster stream messages.</summary>
public sealed class StreamMessageTests
{
    [Fact]
    public void Segments_read_back_in_order_with_their_names_and_payloads()
    {
        var body = new ArrayBufferWriter<byte>();
        body.Write([StreamMessage.Version]);
        StreamMessage.WriteSegment(body, "trades", "AAPL", [1, 2, 3]);
        StreamMessage.WriteSegment(body, "trades", "Ünïcode", []);
        StreamMessage.WriteSegment(body, "tally", "K", new byte[70_000]);

        var segments = StreamMessage.Read(body.WrittenMemory);

        Assert.Equal(["trades/AAPL", "trades/Ünïcode", "tally/K"], segments.Select(s => $"{s.Namespace}/{s.Key}"));
        Assert.Equal([1, 2, 3], segments[0].Payload.ToArray());
        Assert.Equal(0, segments[1].Payload.Length);
        Assert.Equal(70_000, segments[2].Payload.Length);
    }

    [Theory]
    [InlineData(new byte[0], "Not a version-1")]
    [InlineData(new byte[] { 2 }, "Not a version-1")]
    [InlineData(new byte[] { 1, 5 }, "ends inside a length")]
    [InlineData(new byte[] { 1, 0, 0 }, "claims 0 bytes")]
    [InlineData(new byte[] { 1, 9, 0, 65 }, "claims 9 bytes")]
    [InlineData(new byte[] { 1, 1, 0, 65, 1, 0, 66, 2, 0 }, "ends inside its payload length")]
    [InlineData(new byte[] { 1, 1, 0, 65, 1, 0, 66, 9, 0, 0, 0, 1 }, "claims 9 bytes; 1 remain")]
    [InlineData(new byte[] { 1, 1, 0, 65, 1, 0, 66, 255, 255, 255, 255 }, "claims -1 bytes")]
    public void A_malformed_message_is_refused_saying_where(byte[] body, string why)
    {
        var error = Assert.Throws<FormatException>(() => StreamMessage.Read(body));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }
}
