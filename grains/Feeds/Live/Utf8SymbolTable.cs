using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Grains.Feeds.Live;

/// <summary>Turns a vendor's symbol, as UTF-8 bytes in a received message, into our symbol string without allocating:
/// the bytes are widened (and upper-cased) into a stack buffer and looked up in a dictionary through its
/// span-keyed alternate lookup. A symbol not seen before is allocated once and remembered, up to
/// <see cref="MaxRemembered"/> (a flood of invented names cannot grow memory without bound: past it they are
/// refused). Whether a symbol is known to the directory is the ingestor's question, not this table's.
/// Not thread-safe: one receive loop uses it.</summary>
public sealed class Utf8SymbolTable
{
    /// <summary>The most symbols remembered.</summary>
    public const int MaxRemembered = 10_000;

    private readonly Dictionary<string, string> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    /// <summary>Creates the table with <paramref name="known"/> already in it (upper-cased).</summary>
    public Utf8SymbolTable(IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        _bySpan = _symbols.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var symbol in known)
        {
            var upper = symbol.ToUpperInvariant();
            _symbols.TryAdd(upper, upper);
        }
    }

    /// <summary>Symbols remembered.</summary>
    public int Count => _symbols.Count;

    /// <summary>Finds (or on first sight, adds) the upper-case symbol of <paramref name="utf8"/>. False, with a reason,
    /// for bytes that are no symbol: empty, longer than <see cref="SymbolRules.MaxLength"/>, non-ASCII, white space
    /// or control characters, or a new symbol when the table is full.</summary>
    public bool TryGet(ReadOnlySpan<byte> utf8, out string symbol, out string? problem)
    {
        symbol = string.Empty;
        if (utf8.IsEmpty || utf8.Length > SymbolRules.MaxLength)
        {
            problem = utf8.IsEmpty ? "empty symbol" : "symbol too long";
            return false;
        }

        Span<char> chars = stackalloc char[SymbolRules.MaxLength];
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b is <= (byte)' ' or >= 0x7F)
            {
                problem = "symbol with a non-ASCII, space or control character";
                return false;
            }

            chars[i] = (char)(b is >= (byte)'a' and <= (byte)'z' ? b - 32 : b);
        }

        var key = chars[..utf8.Length];
        if (_bySpan.TryGetValue(key, out var found))
        {
            symbol = found;
            problem = null;
            return true;
        }

        if (_symbols.Count >= MaxRemembered)
        {
            problem = "unknown symbol (too many distinct symbols seen)";
            return false;
        }

        symbol = new string(key);
        _symbols[symbol] = symbol;
        problem = null;
        return true;
    }
}
