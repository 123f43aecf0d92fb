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

    private static readonly decimal[] PowersOfTen = [.. Enumerable.Range(0, 29).Select(static i => Pow10(i))];

    // 0.1, 0.01, … 1e-28: a magnitude below 0.1 has a leading zero after the point, below 0.01 two, and so on.
    private static readonly decimal[] NegativePowersOfTen = [.. Enumerable.Range(1, 28).Select(static i => 1m / Pow10(i))];

    /// <summary><paramref name="value"/> rounded half away from zero to <paramref name="digits"/> significant digits,
    /// but never into its whole part; values with fewer digits are returned as they are (with their scale).</summary>
    public static decimal Round(decimal value, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        if (value == 0m)
        {
            return value;
        }

        // Digits counted by comparison with powers of ten, not by dividing: a decimal division costs tens of
        // nanoseconds, and every quote built rounds its VWAP.
        var magnitude = Math.Abs(value);
        int decimals;
        if (magnitude >= 1m)
        {
            var integerDigits = 1;
            while (integerDigits < PowersOfTen.Length && magnitude >= PowersOfTen[integerDigits])
            {
                integerDigits++;
            }

            decimals = digits - integerDigits;
        }
        else
        {
            // 0.00xyz: the leading zeros after the point do not count.
            var leadingZeros = 0;
            while (leadingZeros < NegativePowersOfTen.Length && magnitude < NegativePowersOfTen[leadingZeros])
            {
                leadingZeros++;
            }

            decimals = digits + leadingZeros;
        }

        return decimals >= 28 ? value : Math.Round(value, Math.Max(decimals, 0), MidpointRounding.AwayFromZero);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
