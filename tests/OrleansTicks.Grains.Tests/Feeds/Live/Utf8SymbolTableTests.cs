using System.Text;
using OrleansTicks.Grains.Feeds.Live;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Feeds.Live;

public sealed class Utf8SymbolTableTests
{
    [Fact]
    public void Many_symbols_sharing_cache_slots_each_map_to_their_own_single_string_without_allocating()
    {
        var names = Enumerable.Range(0, 2_000).Select(i => $"S{i}USDT").ToArray();
        var table = new Utf8SymbolTable(names);
        var bytes = names.Select(n => Encoding.UTF8.GetBytes(n.ToLowerInvariant())).ToArray();
        var first = bytes.Select(b => table.TryGet(b, out var symbol, out _) ? symbol : null).ToArray();

        var same = 0;
        Allocations.AssertNonePerItem(3 * bytes.Length, "symbol lookups", () =>
        {
            for (var round = 0; round < 3; round++)
            {
                for (var i = 0; i < bytes.Length; i++)
                {
                    same += table.TryGet(bytes[i], out var symbol, out _) && ReferenceEquals(symbol, first[i]) ? 1 : 0;
                }
            }
        });

        Assert.Equal(3 * names.Length, same);
        Assert.Equal(names, first);
        Assert.Equal(names.Length, table.Count);
    }

    [Theory]
    [InlineData("", "empty symbol")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "symbol too long")]
    [InlineData("BTC USDT", "symbol with a non-ASCII, space or control character")]
    [InlineData("BTCÜSDT", "symbol with a non-ASCII, space or control character")]
    public void Bytes_that_are_no_symbol_are_refused_with_the_reason(string text, string reason)
    {
        var table = new Utf8SymbolTable([]);

        Assert.False(table.TryGet(Encoding.UTF8.GetBytes(text), out _, out var problem));
        Assert.Equal(reason, problem);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void A_full_table_refuses_new_symbols_but_still_finds_the_known_ones()
    {
        var table = new Utf8SymbolTable(Enumerable.Range(0, Utf8SymbolTable.MaxRemembered).Select(i => $"X{i}"));

        Assert.False(table.TryGet("NEWUSDT"u8, out _, out var problem));
        Assert.Equal("unknown symbol (too many distinct symbols seen)", problem);
        Assert.True(table.TryGet("x42"u8, out var known, out _));
        Assert.Equal("X42", known);
    }
}
