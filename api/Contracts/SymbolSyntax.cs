using System.Diagnostics.CodeAnalysis;

namespace OrleansTicks.Api.Contracts;

/// <summary>What a symbol may look like on input, shared by REST and the live endpoints: 1 to
/// <see cref="MaxLength"/> characters, letters (any case), digits and <c>. - ^ = / $</c>. Input is case-insensitive;
/// the normalised form is upper case, the form the directory and the grains use. A well-formed symbol may still be
/// unknown: check the directory after this.</summary>
public static class SymbolSyntax
{
    /// <summary>The longest symbol accepted (the grains' own limit).</summary>
    public const int MaxLength = 32;

    /// <summary>The normalised form as a regular expression, for documentation and OpenAPI.</summary>
    public const string Pattern = "^[A-Z0-9.\\-^=/$]{1,32}$";

    /// <summary>What a valid symbol is, for error messages.</summary>
    public const string Description =
        "1 to 32 characters: letters A-Z (any case), digits 0-9 and . - ^ = / $ (e.g. AAPL, brk.b, ABR$A, BTCUSDT)";

    /// <summary>The upper-case form of <paramref name="input"/>, or null when it is not a symbol.</summary>
    public static string? Normalize(string? input) => TryNormalize(input, out var symbol) ? symbol : null;

    /// <summary>The upper-case form of <paramref name="input"/> when it is well-formed; allocation-free when it is
    /// upper case already (the common case).</summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? symbol)
    {
        symbol = null;
        if (string.IsNullOrEmpty(input) || input.Length > MaxLength)
        {
            return false;
        }

        var hasLower = false;
        foreach (var c in input)
        {
            if (c is >= 'a' and <= 'z')
            {
                hasLower = true;
            }
            else if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '^' or '=' or '/' or '$'))
            {
                return false;
            }
        }

        symbol = hasLower ? input.ToUpperInvariant() : input;
        return true;
    }
}
