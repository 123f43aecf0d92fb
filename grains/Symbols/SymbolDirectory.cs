using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using OrleansTicks.GrainInterfaces.Symbols;

namespace OrleansTicks.Grains.Symbols;

/// <summary>Every symbol the product knows: the US listings embedded in this assembly (nasdaq-listed, other-listed,
/// and the S&amp;P 500 members neither has) plus the symbols configured feeds provide (<see cref="Register"/>).
/// Thread-safe and meant as a singleton: the listings are an immutable index; registrations replace a small second
/// index atomically, so readers never lock.</summary>
/// <remarks>
/// Search ranks, best first: the symbol equal to the query; symbols starting with it (shorter first); then symbols
/// whose description has, for each query word, a word starting with it (<c>app</c> finds AAPL by "Apple"), ranked
/// by how early the first query word matches, S&amp;P 500 members first, shares before warrants, rights, units,
/// notes and preferreds, shorter symbols first. Ties go to the symbol first in ordinal order, so results are
/// deterministic. Matching is case-insensitive; words are split at every character that is not a letter or digit.
/// </remarks>
public sealed class SymbolDirectory
{
    /// <summary>The most results one search returns.</summary>
    public const int MaxSearchLimit = 100;

    /// <summary>The longest query accepted, in characters after trimming.</summary>
    public const int MaxQueryLength = 64;

    private readonly SymbolIndex _listed;
    private readonly Lock _registerLock = new();
    private SymbolIndex _registered = SymbolIndex.Empty; // replaced whole under _registerLock, read without a lock

    /// <summary>A directory of <paramref name="listed"/>, whose symbols must be distinct and valid (upper case, no
    /// white space); members of <paramref name="sp500Symbols"/> rank first among equal name matches.</summary>
    /// <exception cref="ArgumentException">A symbol is invalid or listed twice.</exception>
    public SymbolDirectory(IEnumerable<SymbolInfo> listed, IEnumerable<string>? sp500Symbols = null)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var infos = new List<SymbolInfo>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var info in listed)
        {
            Validate(info, nameof(listed));
            if (!seen.Add(info.Symbol))
            {
                throw new ArgumentException($"The symbol '{info.Symbol}' is listed twice; each symbol must appear once.", nameof(listed));
            }

            infos.Add(info);
        }

        _listed = new SymbolIndex(infos, (sp500Symbols ?? []).ToFrozenSet(StringComparer.Ordinal));
    }

    /// <summary>The number of symbols, listed and registered.</summary>
    public int Count => _listed.Count + Volatile.Read(ref _registered).Count;

    /// <summary>The directory of the embedded US listings (10,588 symbols; reading and indexing them took 0.1–0.2 s
    /// on the shared 2-core machine, so build it once, as a singleton).</summary>
    public static SymbolDirectory LoadEmbedded()
    {
        List<SymbolInfo> nasdaqListed, otherListed;
        using (var reader = SymbolLists.OpenEmbedded(SymbolLists.NasdaqListedResource))
        {
            nasdaqListed = SymbolLists.ReadNasdaqListed(reader);
        }

        using (var reader = SymbolLists.OpenEmbedded(SymbolLists.OtherListedResource))
        {
            otherListed = SymbolLists.ReadOtherListed(reader);
        }

        var sp500 = ReadSp500();
        return new SymbolDirectory(SymbolLists.Merge(nasdaqListed, otherListed, sp500), sp500.Select(member => member.Symbol));
    }

    /// <summary>The S&amp;P 500 constituents embedded in this assembly (503 rows: a few companies have two share
    /// classes), in the file's order (by company name).</summary>
    public static IReadOnlyList<Sp500Constituent> LoadSp500() => ReadSp500();

    /// <summary>Whether <paramref name="symbol"/> is known (case-insensitive). O(1), allocation-free: meant for the
    /// trade path.</summary>
    public bool Contains(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return _listed.Contains(symbol) || Volatile.Read(ref _registered).Contains(symbol);
    }

    /// <summary>The entry of <paramref name="symbol"/> (case-insensitive).</summary>
    public bool TryGet(string symbol, [MaybeNullWhen(false)] out SymbolInfo info)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        info = _listed.Find(symbol) ?? Volatile.Read(ref _registered).Find(symbol);
        return info is not null;
    }

    /// <summary>Up to <paramref name="limit"/> symbols matching <paramref name="query"/>, best first (see the
    /// remarks on <see cref="SymbolDirectory"/> for the ranking).</summary>
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty, white space, or longer than
    /// <see cref="MaxQueryLength"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not in 1..<see cref="MaxSearchLimit"/>.</exception>
    public IReadOnlyList<SymbolInfo> Search(string query, int limit)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (limit is < 1 or > MaxSearchLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The search limit must be between 1 and {MaxSearchLimit}.");
        }

        var trimmed = query.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            throw new ArgumentException("The search query is empty or white space; give a symbol or words of a company name (e.g. 'AAPL', 'app', 'bank of').", nameof(query));
        }

        if (trimmed.Length > MaxQueryLength)
        {
            throw new ArgumentException($"The search query has {trimmed.Length} characters; at most {MaxQueryLength} are allowed.", nameof(query));
        }

        Span<char> upper = stackalloc char[trimmed.Length];
        trimmed.ToUpperInvariant(upper);
        Span<Range> words = stackalloc Range[(MaxQueryLength / 2) + 1];
        var wordCount = SymbolIndex.SplitWords(upper, words);

        // A symbol has no white space, so only a query without any can be (the start of) a symbol.
        ReadOnlySpan<char> symbolPrefix = HasWhiteSpace(upper) ? [] : upper;
        var registered = Volatile.Read(ref _registered);
        var top = new TopMatches(stackalloc long[limit], new SymbolInfo[limit]);
        if (!symbolPrefix.IsEmpty)
        {
            _listed.CollectSymbolMatches(symbolPrefix, ref top);
            registered.CollectSymbolMatches(symbolPrefix, ref top);
        }

        if (wordCount > 0)
        {
            _listed.CollectNameMatches(upper, words[..wordCount], symbolPrefix, ref top);
            registered.CollectNameMatches(upper, words[..wordCount], symbolPrefix, ref top);
        }

        return top.ToArray();
    }

    /// <summary>Adds a symbol a configured feed provides (a crypto pair, the replay symbol), so that lookups and
    /// searches find it. A symbol the listings already have keeps its listed entry, which describes it better;
    /// registering a symbol again replaces its earlier registration.</summary>
    /// <exception cref="ArgumentException">The symbol is not upper case without white space, or a field is null.</exception>
    public void Register(SymbolInfo info)
    {
        Validate(info, nameof(info));
        RegisterRange([info]);
    }

    /// <summary>Adds many symbols at once, with one rebuild of the registered index (a vendor's symbol list has tens of
    /// thousands): each as <see cref="Register"/> would, the last entry winning when a symbol comes twice. Validates
    /// every entry before adding any.</summary>
    /// <exception cref="ArgumentException">A symbol is not upper case without white space, or a field is null.</exception>
    public void RegisterRange(IEnumerable<SymbolInfo> infos)
    {
        ArgumentNullException.ThrowIfNull(infos);
        var added = new Dictionary<string, SymbolInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var info in infos)
        {
            Validate(info, nameof(infos));
            if (!_listed.Contains(info.Symbol))
            {
                added[info.Symbol] = info;
            }
        }

        if (added.Count == 0)
        {
            return;
        }

        lock (_registerLock)
        {
            var current = _registered;
            var entries = new List<SymbolInfo>(current.Count + added.Count);
            foreach (var existing in current.Infos)
            {
                if (!added.ContainsKey(existing.Symbol))
                {
                    entries.Add(existing);
                }
            }

            entries.AddRange(added.Values);
            Volatile.Write(ref _registered, new SymbolIndex(entries, FrozenSet<string>.Empty));
        }
    }

    private static List<Sp500Constituent> ReadSp500()
    {
        using var reader = SymbolLists.OpenEmbedded(SymbolLists.Sp500Resource);
        return SymbolLists.ReadSp500(reader);
    }

    private static void Validate(SymbolInfo info, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(info, parameterName);
        if (SymbolRules.Validate(info.Symbol) is { } problem)
        {
            throw new ArgumentException($"Invalid symbol: {problem}.", parameterName);
        }

        if (info.DisplaySymbol is null || info.Description is null || info.Type is null || info.Exchange is null || info.Source is null)
        {
            throw new ArgumentException($"The entry of '{info.Symbol}' has a null field; DisplaySymbol, Description, Type, Exchange and Source are required (use \"\" when unknown).", parameterName);
        }
    }

    private static bool HasWhiteSpace(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }
}
