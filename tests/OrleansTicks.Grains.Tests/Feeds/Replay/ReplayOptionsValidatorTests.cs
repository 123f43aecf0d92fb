using OrleansTicks.Grains.Feeds.Replay;

namespace OrleansTicks.Grains.Tests.Feeds.Replay;

public sealed class ReplayOptionsValidatorTests
{
    [Fact]
    public void Options_naming_an_existing_file_and_a_symbol_are_valid()
    {
        using var file = new TempCsv("Date,Open,High,Low,Close,Volume\n");

        Assert.True(new ReplayOptionsValidator().Validate(null, new ReplayOptions { Path = file.Path, Symbol = "BRK.B", Speed = 0 }).Succeeded);
    }

    [Fact]
    public void Empty_options_fail_naming_the_path_and_the_symbol()
    {
        var result = new ReplayOptionsValidator().Validate(null, new ReplayOptions());

        Assert.Equal(
            [
                "Feed:Replay:Path is empty; it must name the CSV file of bars to replay.",
                "Feed:Replay:Symbol is empty; it must name the symbol the file's bars are of (e.g. AAPL).",
            ],
            result.Failures);
    }

    [Fact]
    public void A_path_that_is_not_a_file_fails_showing_where_it_was_looked_for()
    {
        var result = new ReplayOptionsValidator().Validate(null, new ReplayOptions { Path = "no/such.csv", Symbol = "AAPL" });

        Assert.Equal([$"Feed:Replay:Path 'no/such.csv' is not a file (looked for {Path.GetFullPath("no/such.csv")})."], result.Failures);
    }

    [Theory]
    [InlineData("aapl", "Feed:Replay:Symbol 'aapl' must start with an upper-case letter, a digit or ^.")]
    [InlineData("AAPl", "Feed:Replay:Symbol 'AAPl' has 'l'; a symbol is upper case: letters A-Z, digits and . - ^ = / only (e.g. AAPL, BRK.B, ^GSPC).")]
    [InlineData("A APL", "Feed:Replay:Symbol 'A APL' has ' '; a symbol is upper case: letters A-Z, digits and . - ^ = / only (e.g. AAPL, BRK.B, ^GSPC).")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG", "Feed:Replay:Symbol 'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG' is longer than 32 characters.")]
    public void A_symbol_that_is_not_upper_case_letters_digits_and_marks_fails(string symbol, string message)
    {
        using var file = new TempCsv("Date,Open,High,Low,Close,Volume\n");

        Assert.Equal([message], new ReplayOptionsValidator().Validate(null, new ReplayOptions { Path = file.Path, Symbol = symbol }).Failures);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_negative_or_infinite_speed_fails(double speed)
    {
        using var file = new TempCsv("Date,Open,High,Low,Close,Volume\n");

        var result = new ReplayOptionsValidator().Validate(null, new ReplayOptions { Path = file.Path, Symbol = "AAPL", Speed = speed });

        Assert.Equal([$"Feed:Replay:Speed must be 0 (as fast as possible) or a positive multiple of real time; it is {speed}."], result.Failures);
    }
}
