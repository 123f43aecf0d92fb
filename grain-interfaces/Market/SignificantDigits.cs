namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>Rounding of derived prices (a VWAP is Σ price × size ÷ Σ size, a rational number) to a number of
/// significant digits: a decimal quotient carries 28 digits, all but the first few of them noise, which clients
/// would parse, store and show. Significant rather than decimal places, so that a price of 0.00001234 keeps as
/// many meaningful digits as one of 104,321.5.</summary>
public static class SignificantDigits
{
    /// <summary>The digits a VWAP keeps: beyond any venue's tick size at every price level, and what a double holds
    /// without loss.</summary>
    public const int Vwap = 10;

    /// <summary><paramref name="value"/> rounded half away from zero to <paramref name="digits"/> significant digits,
    /// but never into its whole part; values with fewer digits are returned as they are (with their scale).</summary>
    public static decimal Round(decimal value, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        if (value == 0m)
        {
            return value;
        }

        var magnitude = Math.Abs(value);
        var integerDigits = 0;
        for (var whole = decimal.Truncate(magnitude); whole >= 1m; whole = decimal.Truncate(whole / 10m))
        {
            integerDigits++;
        }

        int decimals;
        if (integerDigits > 0)
        {
            decimals = digits - integerDigits;
        }
        else
        {
            // 0.00xyz: the leading zeros after the point do not count.
            var leadingZeros = 0;
            for (var scaled = magnitude * 10m; scaled < 1m; scaled *= 10m)
            {
                leadingZeros++;
            }

            decimals = digits + leadingZeros;
        }

        return decimals >= 28 ? value : Math.Round(value, Math.Max(decimals, 0), MidpointRounding.AwayFromZero);
    }
}
