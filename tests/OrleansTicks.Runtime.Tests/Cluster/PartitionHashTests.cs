using OrleansTicks.Runtime.Cluster.Partitioning;

namespace OrleansTicks.Runtime.Tests.Cluster;

public sealed class PartitionHashTests
{
    // Placement depends on these values: if one changes, every deployment's keys move. Never update them to make the
    // build pass; the values were computed by an independent implementation (Python) of the definition in CLUSTER.md.
    [Theory]
    [InlineData("AAPL", 0x877AEBFAu, 26)]
    [InlineData("MSFT", 0x5DF58AEAu, 10)]
    [InlineData("BRK.B", 0xE908BEFAu, 26)]
    [InlineData("aapl", 0x9164C137u, 23)]
    [InlineData("BTCUSDT", 0x07158DDBu, 27)]
    [InlineData("Ünïcode", 0xC4D2870Au, 10)]
    [InlineData("GOOGL", 0xD77FD045u, 5)]
    public void Partition_of_a_known_key_matches_its_test_vector(string key, uint hash, int partitionOf32)
    {
        Assert.Equal(hash, PartitionHash.Hash(key));
        Assert.Equal(partitionOf32, PartitionHash.Partition(key, 32));
        Assert.Equal((int)(hash % 7), PartitionHash.Partition(key, 7));
    }

    // The 64-bit variant names leader-election locks; computed independently (Python) like the vectors above.
    [Theory]
    [InlineData("feed:binance", 0xF8C67EE03005EC37ul)]
    [InlineData("feed:finnhub", 0x1E625814BCD5750Ful)]
    [InlineData("AAPL", 0x59ABE90C82FC3687ul)]
    [InlineData("Ünïcode", 0xA01A10AEDDA06F5Aul)]
    public void Hash64_of_a_known_key_matches_its_test_vector(string key, ulong hash)
    {
        Assert.Equal(hash, PartitionHash.Hash64(key));
    }

    // The published FNV-1a vectors (draft-eastlake-fnv), so the building block itself is the standard one.
    [Theory]
    [InlineData("", 0x811C9DC5u, 0xCBF29CE484222325ul)]
    [InlineData("a", 0xE40C292Cu, 0xAF63DC4C8601EC8Cul)]
    [InlineData("foobar", 0xBF9CF968u, 0x85944171F73967E8ul)]
    public void Fnv1a_matches_the_published_vectors(string value, uint fnv32, ulong fnv64)
    {
        Assert.Equal(fnv32, StableHash.Fnv1a32(value));
        Assert.Equal(fnv64, StableHash.Fnv1a64(value));
    }

    [Fact]
    public void Partition_of_a_long_key_equals_that_of_its_bytes_hashed_directly()
    {
        var key = new string('Z', 1000) + "€";
        var expected = StableHash.Mix32(StableHash.Fnv1a32(System.Text.Encoding.UTF8.GetBytes(key))) % 32;
        Assert.Equal((int)expected, PartitionHash.Partition(key, 32));
    }

    [Fact]
    public void Partition_of_one_partition_is_always_zero()
    {
        Assert.Equal(0, PartitionHash.Partition("AAPL", 1));
    }

    [Fact]
    public void Partition_with_bad_input_throws_a_clear_error()
    {
        Assert.Throws<ArgumentNullException>(() => PartitionHash.Partition(null!, 32));
        Assert.Throws<ArgumentException>(() => PartitionHash.Partition("", 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => PartitionHash.Partition("AAPL", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PartitionHash.Partition("AAPL", -32));
    }

    [Fact]
    public void Partition_spreads_the_sp500_over_32_partitions_evenly()
    {
        var tickers = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "sp500-constituents.csv"))
            .Skip(1)
            .Select(line => line[..line.IndexOf(',', StringComparison.Ordinal)])
            .ToArray();
        Assert.True(tickers.Length > 490, $"read only {tickers.Length} tickers");

        var counts = new int[32];
        foreach (var ticker in tickers)
        {
            counts[PartitionHash.Partition(ticker, counts.Length)]++;
        }

        // ~15.7 keys per partition; a uniform hash stays well inside these bounds for 500 keys.
        Assert.All(counts, count => Assert.InRange(count, 5, 30));
        Assert.True(counts.Max() <= 3 * counts.Min(), $"max/min = {counts.Max()}/{counts.Min()}: {string.Join(',', counts)}");
    }

    [Fact]
    public void Partition_separates_keys_that_differ_only_in_case_or_punctuation()
    {
        // Plain FNV-1a modulo 32 would put each pair in one partition (its low bits see only the bytes' low bits).
        Assert.NotEqual(PartitionHash.Partition("AAPL", 32), PartitionHash.Partition("aapl", 32));
        Assert.NotEqual(PartitionHash.Partition("BRK.B", 32), PartitionHash.Partition("BRKNB", 32));
    }
}
