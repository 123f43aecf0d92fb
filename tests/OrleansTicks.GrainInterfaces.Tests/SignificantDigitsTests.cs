using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.GrainInterfaces.Tests;

public sealed class SignificantDigitsTests
{
    [Theory]
    [InlineData("288.03400938967136150234741784", 10, "288.0340094")]
    [InlineData("-288.03400938967136150234741784", 10, "-288.0340094")]
    [InlineData("0.0000123456789012345", 10, "0.00001234567890")] // leading zeros do not count
    [InlineData("0.5", 1, "0.5")]
    [InlineData("0.05", 1, "0.05")]
    [InlineData("104321.56789", 6, "104322")] // rounds half away from zero at the point
    [InlineData("12345678901.5", 10, "12345678902")] // never into the whole part
    [InlineData("99.999999999", 10, "100.00000000")] // the carry keeps the scale
    [InlineData("187.5", 10, "187.5")] // fewer digits: as it is, scale and all
    [InlineData("187.50", 10, "187.50")]
    [InlineData("0", 10, "0")]
    [InlineData("0.0000000000000000000000000001", 10, "0.0000000000000000000000000001")]
    [InlineData("79228162514264337593543950335", 10, "79228162514264337593543950335")]
    public void Rounds_to_significant_digits(string value, int digits, string expected)
    {
        var rounded = SignificantDigits.Round(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), digits);

        Assert.Equal(expected, rounded.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Needs_at_least_one_digit() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SignificantDigits.Round(1m, 0));
}
