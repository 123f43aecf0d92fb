namespace OrleansTicks.Grains.Symbols;

/// <summary>What the listing files' security names say: the description shown to people and the security type.
/// The files carry no type column besides the ETF flag, so the type is read from the name's customary wording
/// (<c>- Warrant</c>, <c>Preferred Stock</c>, <c>American Depositary Shares</c>, ...), and anything that names no other
/// kind is common stock (ordinary shares, closed-end funds' shares and the like).</summary>
internal static class SecurityNames
{
    /// <summary>Finnhub's name for exchange-traded products (ETFs, ETNs).</summary>
    public const string Etp = "ETP";

    /// <summary>The type of shares that name no other kind.</summary>
    public const string CommonStock = "Common Stock";

    // Word fragments, matched case-insensitively as whole words, first match wins: preferred before depositary
    // (preferred depositary shares are preferred), ETN before note (an ETN is a note traded as a product).
    private static readonly (string Word, string Type)[] TypeWords =
    [
        ("ETN", Etp),
        ("Preferred", "Preferred Stock"),
        ("Pfd", "Preferred Stock"),
        ("Warrant", "Warrant"),
        ("Warrants", "Warrant"),
        ("Right", "Right"),
        ("Rights", "Right"),
        ("Unit", "Unit"),
        ("Units", "Unit"),
        ("Notes", "Note"),
        ("Debentures", "Note"),
        ("Depositary", "ADR"),
        ("Depository", "ADR"),
        ("ADR", "ADR"),
        ("ADS", "ADR"),
    ];

    /// <summary>The security's type: <c>ETP</c> when the file flags an ETF, else the kind its name states, else
    /// <c>Common Stock</c>.</summary>
    public static string TypeOf(string securityName, bool isEtf)
    {
        if (isEtf)
        {
            return Etp;
        }

        foreach (var (word, type) in TypeWords)
        {
            if (ContainsWord(securityName, word))
            {
                return type;
            }
        }

        return CommonStock;
    }

    /// <summary>The security name without a trailing "Common Stock" (and the " - " before it), which every other
    /// row repeats: <c>Apple Inc. - Common Stock</c> reads <c>Apple Inc.</c>, while <c>Zoetis Inc. Class A Common
    /// Stock</c> keeps its class (<c>Zoetis Inc. Class A</c>) and a warrant keeps <c>- Warrant</c>.</summary>
    public static string Describe(string securityName)
    {
        var name = securityName.AsSpan().Trim();
        const string Suffix = "Common Stock";
        if (name.Length > Suffix.Length && name.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase))
        {
            var rest = name[..^Suffix.Length].TrimEnd();
            if (rest.EndsWith('-'))
            {
                rest = rest[..^1].TrimEnd();
            }

            if (!rest.IsEmpty)
            {
                name = rest;
            }
        }

        return name.ToString();
    }

    private static bool ContainsWord(string text, string word)
    {
        var start = 0;
        while (true)
        {
            var at = text.IndexOf(word, start, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            var end = at + word.Length;
            var startsWord = at == 0 || IsBoundary(text[at - 1]);
            var endsWord = end == text.Length || IsBoundary(text[end]);
            if (startsWord && endsWord)
            {
                return true;
            }

            start = at + 1;
        }
    }

    // A hyphen joins words here ("ADS-TEC Energy" is a company, not depositary shares).
    private static bool IsBoundary(char c) => !char.IsLetterOrDigit(c) && c != '-';
}
