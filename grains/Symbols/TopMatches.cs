using OrleansTicks.GrainInterfaces.Symbols;

namespace OrleansTicks.Grains.Symbols;

/// <summary>The best <c>limit</c> matches of a search so far, kept sorted by rank key, then by symbol (ordinal), so
/// the order is total and deterministic. Lives on the caller's stack: the keys in a stack buffer, the matches in the
/// array that becomes the result; an insertion costs at most <c>limit</c> (≤ 100) moves.</summary>
internal ref struct TopMatches
{
    private readonly Span<long> _keys;
    private readonly SymbolInfo[] _items;
    private int _count;

    public TopMatches(Span<long> keys, SymbolInfo[] items)
    {
        _keys = keys;
        _items = items;
    }

    /// <summary>Whether <see cref="Offer"/> can still succeed for a match whose key is <paramref name="key"/>:
    /// false once the list is full of matches ranked strictly better. Lets a scan skip a candidate before checking
    /// it further.</summary>
    public readonly bool CouldTake(long key) => _count < _items.Length || key <= _keys[_count - 1];

    /// <summary>Adds the match if it ranks among the best so far.</summary>
    public void Offer(long key, SymbolInfo info)
    {
        var at = _count;
        while (at > 0 && IsBetter(key, info.Symbol, _keys[at - 1], _items[at - 1].Symbol))
        {
            at--;
        }

        if (at == _items.Length)
        {
            return;
        }

        var last = Math.Min(_count, _items.Length - 1);
        for (var i = last; i > at; i--)
        {
            _keys[i] = _keys[i - 1];
            _items[i] = _items[i - 1];
        }

        _keys[at] = key;
        _items[at] = info;
        _count = Math.Min(_count + 1, _items.Length);
    }

    /// <summary>The matches, best first.</summary>
    public readonly SymbolInfo[] ToArray()
    {
        if (_count == _items.Length)
        {
            return _items;
        }

        return _items.AsSpan(0, _count).ToArray();
    }

    private static bool IsBetter(long key, string symbol, long otherKey, string otherSymbol) =>
        key < otherKey || (key == otherKey && string.CompareOrdinal(symbol, otherSymbol) < 0);
}
