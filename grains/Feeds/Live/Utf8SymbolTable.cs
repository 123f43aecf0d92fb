using System.Runtime.InteropServices;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Grains.Feeds.Live;

/// <summary>Turns a vendor's symbol, as UTF-8 bytes in a received message, into our symbol string without allocating:
/// a small cache keyed by the bytes answers most lookups; otherwise the bytes are widened (and upper-cased) into a
/// stack buffer and looked up in a dictionary through its span-keyed alternate lookup. A symbol not seen before is allocated once and remembered, up to
/// <see cref="MaxRemembered"/> (a flood of invented names cannot grow memory without bound: past it they are
/// refused). Whether a symbol is known to the directory is the ingestor's question, not this table's.
/// Not thread-safe: one receive loop uses it.</summary>
public sealed class Utf8SymbolTable
{
    /// <summary>The most symbols remembered.</summary>
    public const int MaxRemembered = 10_000;

    // A direct-mapped cache in front of the dictionary, keyed by the exact bytes: a hit costs a cheap hash and one
    // vectorised compare instead of widening and a string hash. Keys live in one preallocated array (no allocation
    // when an entry is replaced).
    private const int CacheSlots = 256;
    private const int SlotBytes = SymbolRules.MaxLength;

    private readonly Dictionary<string, string> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly byte[] _cacheKeys = new byte[CacheSlots * SlotBytes];
    private readonly byte[] _cacheLengths = new byte[CacheSlots];
    private readonly string?[] _cacheSymbols = new string?[CacheSlots];

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

        var slot = Slot(utf8);
        if (_cacheSymbols[slot] is { } cached && _cacheLengths[slot] == utf8.Length
            && utf8.SequenceEqual(_cacheKeys.AsSpan(slot * SlotBytes, utf8.Length)))
        {
            symbol = cached;
            problem = null;
            return true;
        }

        if (!TryFind(utf8, out symbol, out problem))
        {
            return false;
        }

        utf8.CopyTo(_cacheKeys.AsSpan(slot * SlotBytes, SlotBytes));
        _cacheLengths[slot] = (byte)utf8.Length;
        _cacheSymbols[slot] = symbol;
        return true;
    }

    // Fibonacci hashing of the bytes (the first and last eight, or each of a shorter symbol): every byte counts, so
    // pairs that share a quote asset spread over the slots.
    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        var hash = (ulong)utf8.Length;
        if (utf8.Length >= sizeof(ulong))
        {
            hash ^= MemoryMarshal.Read<ulong>(utf8);
            hash = (hash * 0x9E3779B97F4A7C15) ^ MemoryMarshal.Read<ulong>(utf8[^sizeof(ulong)..]);
        }
        else
        {
            foreach (var b in utf8)
            {
                hash = (hash << 8) | b;
            }
        }

        return (int)((hash * 0x9E3779B97F4A7C15) >> 56); // 256 slots
    }

    private bool TryFind(ReadOnlySpan<byte> utf8, out string symbol, out string? problem)
    {
        symbol = string.Empty;

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
