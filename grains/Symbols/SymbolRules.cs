namespace OrleansTicks.Grains.Symbols;

/// <summary>What a symbol may look like: the form <see cref="GrainInterfaces.Symbols.SymbolInfo.Symbol"/> documents,
/// upper case with no white space, short enough for a grain key and a chart title.</summary>
internal static class SymbolRules
{
    /// <summary>The longest symbol accepted (the lists' longest is 6; crypto pairs reach about 12).</summary>
    public const int MaxLength = 32;

    /// <summary>Null when <paramref name="symbol"/> is valid, else what is wrong with it.</summary>
    public static string? Validate(string? symbol)
    {
        if (string.IsNullOrEmpty(symbol))
        {
            return "the symbol is empty";
        }

        if (symbol.Length > MaxLength)
        {
            return $"the symbol '{symbol}' has {symbol.Length} characters; at most {MaxLength} are allowed";
        }

        foreach (var c in symbol)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return $"the symbol '{symbol}' contains white space or a control character";
            }

            if (char.IsLower(c))
            {
                return $"the symbol '{symbol}' contains lower-case letters; symbols are upper case (e.g. AAPL, BRK.B, BTCUSDT)";
            }
        }

        return null;
    }
}
