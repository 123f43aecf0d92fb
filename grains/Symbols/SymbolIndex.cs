using System.Collections.Frozen;
using OrleansTicks.GrainInterfaces.Symbols;

namespace OrleansTicks.Grains.Symbols;

/// <summary>An immutable search index over a set of symbols: the symbols sorted (ordinal) for prefix ranges by binary
/// search, a frozen dictionary for lookups, and a sorted word index (each upper-cased word of each description with
/// its symbol and position) for name-word prefixes. A query touches only the matching ranges, never every row.</summary>
internal sealed class SymbolIndex
{
    // Rank keys, smaller first: the tier in the top bits, then the tier's criteria. Symbols break remaining ties.
    private const int TierShift = 56;
    private const int PositionShift = 40;
    private const int NameRankShift = 32;
    private const int LengthShift = 24;
    private const long ExactTier = 0;
    private const long SymbolPrefixTier = 1L << TierShift;
    private const long NameTier = 2L << TierShift;

    // Types a search for a company should list after its shares: the instruments issued on top of them or as debt.
    private static readonly FrozenSet<string> SecondaryTypes =
        new[] { "Preferred Stock", "Warrant", "Right", "Unit", "Note" }.ToFrozenSet(StringComparer.Ordinal);

    private readonly SymbolInfo[] _infos;           // sorted by symbol, ordinal
    private readonly string[] _symbols;             // _infos[i].Symbol
    private readonly int _longestSymbol;
    private readonly string[][] _nameWords;         // the upper-cased words of _infos[i].Description
    private readonly byte[] _nameRanks;             // 2 × (not an S&P 500 member) + (secondary type)
    private readonly FrozenDictionary<string, int> _bySymbol;
    private readonly string[] _words;               // every name word, sorted (ordinal), with repeats
    private readonly int[] _wordSymbols;            // the symbol index of _words[j]
    private readonly byte[] _wordPositions;         // the word's position in its description (capped at 255)

    /// <summary>Indexes <paramref name="infos"/>, whose symbols must be valid (<see cref="SymbolRules"/>) and
    /// distinct; members of <paramref name="sp500"/> rank first among equal name matches.</summary>
    public SymbolIndex(IEnumerable<SymbolInfo> infos, IReadOnlySet<string> sp500)
    {
        _infos = [.. infos];
        Array.Sort(_infos, (a, b) => string.CompareOrdinal(a.Symbol, b.Symbol));
        _symbols = new string[_infos.Length];
        _nameWords = new string[_infos.Length][];
        _nameRanks = new byte[_infos.Length];
        var words = new List<string>(_infos.Length * 6);
        var postings = new List<int>(_infos.Length * 6); // symbol index << 8 | position
        for (var i = 0; i < _infos.Length; i++)
        {
            var info = _infos[i];
            _symbols[i] = info.Symbol;
            _longestSymbol = Math.Max(_longestSymbol, info.Symbol.Length);
            _nameWords[i] = Words(info.Description);
            _nameRanks[i] = (byte)((sp500.Contains(info.Symbol) ? 0 : 2) + (SecondaryTypes.Contains(info.Type) ? 1 : 0));
            for (var p = 0; p < _nameWords[i].Length; p++)
            {
                words.Add(_nameWords[i][p]);
                postings.Add((i << 8) | Math.Min(p, byte.MaxValue));
            }
        }

        _bySymbol = _symbols.Select((symbol, i) => KeyValuePair.Create(symbol, i)).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

        // Sorted by word only: the order among equal words does not matter, since every match is ranked on its own.
        _words = [.. words];
        var sortedPostings = postings.ToArray();
        Array.Sort(_words, sortedPostings, StringComparer.Ordinal);
        _wordSymbols = new int[sortedPostings.Length];
        _wordPositions = new byte[sortedPostings.Length];
        for (var j = 0; j < sortedPostings.Length; j++)
        {
            _wordSymbols[j] = sortedPostings[j] >> 8;
            _wordPositions[j] = (byte)sortedPostings[j];
        }
    }

    public static SymbolIndex Empty { get; } = new([], FrozenSet<string>.Empty);

    public int Count => _infos.Length;

    /// <summary>Every indexed symbol, sorted.</summary>
    public ReadOnlySpan<SymbolInfo> Infos => _infos;

    public bool Contains(string symbol) => _bySymbol.ContainsKey(symbol);

    public SymbolInfo? Find(string symbol) => _bySymbol.TryGetValue(symbol, out var i) ? _infos[i] : null;

    /// <summary>The upper-cased words of a name, split as <see cref="SplitWords"/> splits a query.</summary>
    public static string[] Words(string text)
    {
        var upper = text.ToUpperInvariant();
        var ranges = new Range[(upper.Length / 2) + 1];
        var count = SplitWords(upper, ranges);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = upper[ranges[i]];
        }

        return words;
    }

    /// <summary>Splits <paramref name="text"/> into <paramref name="words"/> (at least half its length, rounded up,
    /// plus one) at every character that is not a letter or digit; returns the number of words.</summary>
    public static int SplitWords(ReadOnlySpan<char> text, Span<Range> words)
    {
        var count = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words[count++] = start..i;
                start = -1;
            }
        }

        return count;
    }

    /// <summary>Offers the symbols that equal <paramref name="prefix"/> (upper case) or start with it: the exact one
    /// first, then shorter symbols first.</summary>
    public void CollectSymbolMatches(ReadOnlySpan<char> prefix, ref TopMatches top)
    {
        var start = LowerBound(_symbols, prefix);
        var end = PrefixEnd(_symbols, start, prefix);

        // One pass per length, shortest first: the range is alphabetical, so each pass offers in rank order and
        // every offer appends instead of shifting the list; the passes stop once the list is full of shorter ones.
        for (var length = prefix.Length; length <= _longestSymbol; length++)
        {
            var key = length == prefix.Length ? ExactTier : SymbolPrefixTier | ((long)length << LengthShift);
            if (!top.CouldTake(key))
            {
                return;
            }

            for (var i = start; i < end; i++)
            {
                if (_symbols[i].Length == length)
                {
                    top.Offer(key, _infos[i]);
                }
            }
        }
    }

    /// <summary>Offers the symbols whose description has, for every word of <paramref name="query"/> (upper case,
    /// split into <paramref name="words"/>), a word that starts with it. Ranked by the position of the word the first
    /// query word matches (earlier first), then S&amp;P 500 members, then shares before secondary instruments, then
    /// shorter symbols. Symbols that start with <paramref name="symbolPrefix"/> are skipped: the symbol tier has them.</summary>
    public void CollectNameMatches(ReadOnlySpan<char> query, ReadOnlySpan<Range> words, ReadOnlySpan<char> symbolPrefix, ref TopMatches top)
    {
        if (!top.CouldTake(NameTier))
        {
            return; // full of symbol matches, which every name match ranks below: skip the (long) word range
        }

        var first = query[words[0]];
        for (var j = LowerBound(_words, first); j < _words.Length && _words[j].AsSpan().StartsWith(first); j++)
        {
            var s = _wordSymbols[j];
            var key = NameTier | ((long)_wordPositions[j] << PositionShift) | ((long)_nameRanks[s] << NameRankShift) | ((long)_symbols[s].Length << LengthShift);
            if (!top.CouldTake(key)
                || FirstWordStartingWith(_nameWords[s], first) != _wordPositions[j] // count each symbol once, at its best word
                || (!symbolPrefix.IsEmpty && _symbols[s].AsSpan().StartsWith(symbolPrefix))
                || !HasEveryWord(_nameWords[s], query, words[1..]))
            {
                continue;
            }

            top.Offer(key, _infos[s]);
        }
    }

    private static int FirstWordStartingWith(string[] nameWords, ReadOnlySpan<char> prefix)
    {
        for (var p = 0; p < nameWords.Length; p++)
        {
            if (nameWords[p].AsSpan().StartsWith(prefix))
            {
                return Math.Min(p, byte.MaxValue);
            }
        }

        return -1;
    }

    private static bool HasEveryWord(string[] nameWords, ReadOnlySpan<char> query, ReadOnlySpan<Range> words)
    {
        foreach (var word in words)
        {
            if (FirstWordStartingWith(nameWords, query[word]) < 0)
            {
                return false;
            }
        }

        return true;
    }

    // The end of the run of strings starting with prefix that begins at start (the run is contiguous when sorted).
    private static int PrefixEnd(string[] sorted, int start, ReadOnlySpan<char> prefix)
    {
        var (low, high) = (start, sorted.Length);
        while (low < high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            if (sorted[middle].AsSpan().StartsWith(prefix))
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    // The first index whose string is not less than prefix (ordinal): where the strings starting with it begin.
    private static int LowerBound(string[] sorted, ReadOnlySpan<char> prefix)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            if (sorted[middle].AsSpan().SequenceCompareTo(prefix) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
