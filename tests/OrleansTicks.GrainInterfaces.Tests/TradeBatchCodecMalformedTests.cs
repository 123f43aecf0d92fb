using System.Buffers;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.GrainInterfaces.Tests;

public sealed class TradeBatchCodecMalformedTests
{
    // The pinned batch of TradeBatchCodecTests: 2 trades, symbols AAPL and MSFT.
    private const string Header = "4F54544201";
    private const string Table = "0202" + "04414150" + "4C" + "044D534654";
    private const string First = "00" + "D00F" + "D00F" + "02A59201" + "0064";
    private const string Second = "01" + "02" + "02" + "029601" + "8301";

    [Fact]
    public void Every_truncation_of_a_valid_batch_throws_TradeBatchFormatException()
    {
        var bytes = Convert.FromHexString(Header + Table + First + Second);
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes.AsSpan(0, length).ToArray();
            Assert.Throws<TradeBatchFormatException>(() => TradeBatchCodec.Decode(prefix, new Trade[2]));
        }
    }

    [Theory]
    [InlineData("4F54544101" + Table + First + Second, "magic")]
    [InlineData("4F54544202" + Table + First + Second, "format version 2")]
    [InlineData(Header + "FFFFFFFF0F00", "cannot fit")]                             // 4 billion trades
    [InlineData(Header + "C0843D00" + "00000000000000000000", "cannot fit")]       // 1,000,000 trades in 10 bytes
    [InlineData(Header + "05" + "02" + "04414150" + "4C" + "044D534654" + First + Second, "cannot fit")]
    [InlineData(Header + "0203" + "044141504C" + "044D534654" + "01410142", "3 symbols for 2 trades")]
    [InlineData(Header + Table + "00" + "FFFFFFFFFFFFFFFFFFFF01" + "D00F" + "02A59201" + "0064" + Second, "overflows")]
    [InlineData(Header + Table + "00" + "FFFFFFFFFFFFFFFFFF02" + "D00F" + "02A59201" + "0064" + Second, "overflows")]
    [InlineData(Header + "0202" + "02C328" + "044D534654" + First + Second, "UTF-8")]
    [InlineData(Header + "0202" + "00" + "044D534654" + First + Second, "symbol of 0")]
    [InlineData(Header + "0101" + "21" + "414243444546474849505152535455565758595A303132333435363738394142" + "43" + "000202020A0064", "33 characters")]
    [InlineData(Header + Table + "02" + "D00F" + "D00F" + "02A59201" + "0064" + Second, "refers to symbol 2")]
    [InlineData(Header + Table + "00" + "D00F" + "01" + "02A59201" + "0064" + Second, "outside DateTime")]
    [InlineData(Header + Table + "00" + "D00F" + "D00F" + "1DA59201" + "0064" + Second, "scale 29")]
    [InlineData(Header + Table + "00" + "D00F" + "D00F" + "22A59201" + "0064" + Second, "reserved")]
    [InlineData(Header + Table + "00" + "D00F" + "D00F" + "42A5920100" + "0064" + Second, "high word")]
    [InlineData(Header + Table + First + Second + "00", "1 bytes follow")]
    public void Malformed_batch_throws_TradeBatchFormatException_that_says_what_is_wrong(string hex, string says)
    {
        var bytes = Convert.FromHexString(hex);

        var error = Assert.Throws<TradeBatchFormatException>(() => TradeBatchCodec.Decode(bytes, new Trade[2]));
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_batch_leaves_the_destination_list_as_it_was()
    {
        var bytes = Convert.FromHexString(Header + Table + First + "05" + "02" + "02" + "029601" + "8301");
        var trade = new Trade("AAPL", 1, 1m, 1m, DateTime.UnixEpoch);
        var list = new List<Trade> { trade };

        Assert.Throws<TradeBatchFormatException>(() => TradeBatchCodec.Decode(bytes, list));
        Assert.Equal([trade], list);
    }

    [Fact]
    public void Malformed_segmented_batch_throws_TradeBatchFormatException()
    {
        var bytes = Convert.FromHexString(Header + Table + First + Second + "FF");

        Assert.Throws<TradeBatchFormatException>(() => TradeBatchCodec.Decode(ByteSegment.Split(bytes, 3), new List<Trade>()));
    }

    [Fact]
    public void Destination_shorter_than_the_batch_throws_ArgumentException()
    {
        var writer = new ArrayBufferWriter<byte>();
        TradeBatchCodec.Encode(TradeBatchCodecTests.Realistic(3, seed: 1), writer);

        Assert.Throws<ArgumentException>(() => TradeBatchCodec.Decode(writer.WrittenSpan.ToArray(), new Trade[2]));
    }
}
