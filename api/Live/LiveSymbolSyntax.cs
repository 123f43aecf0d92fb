namespace OrleansTicks.Api.Live;

/// <summary>What a symbol may look like on input to the live endpoints: 1 to 32 characters out of A–Z, 0–9 and
/// <c>. - ^ = /</c>, case-insensitive (answers are upper case).</summary>
/// <remarks>Interim: the REST side writes the shared check in api/Rest; the two are to be unified.</remarks>
internal static class LiveSymbolSyntax
{
    /// <summary>The longest symbol accepted.</summary>
    public const int MaxLength = 32;

    /// <summary>What is valid, for error messages.</summary>
    public const string Rule = "a symbol has 1 to 32 characters out of A-Z, 0-9 and . - ^ = / (e.g. AAPL, BRK.B, BTCUSDT)";

    /// <summary>The upper-case symbol, or null when <paramref name="input"/> is not a symbol.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrEmpty(input) || input.Length > MaxLength)
        {
            return null;
        }

        foreach (var c in input)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '^' or '=' or '/'))
            {
                return null;
            }
        }

        return input.ToUpperInvariant();
    }
}
