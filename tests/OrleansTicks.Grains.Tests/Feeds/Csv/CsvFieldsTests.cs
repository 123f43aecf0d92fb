using OrleansTicks.Grains.Feeds.Csv;

namespace OrleansTicks.Grains.Tests.Feeds.Csv;

public sealed class CsvFieldsTests
{
    [Theory]
    [InlineData("a,b,c", new[] { "a", "b", "c" })]
    [InlineData("a,,c,", new[] { "a", "", "c", "" })]
    [InlineData("\"Saint Paul, Minnesota\",x", new[] { "Saint Paul, Minnesota", "x" })]
    [InlineData("\"say \"\"hi\"\"\",\"\"", new[] { "say \"hi\"", "" })]
    [InlineData("", new[] { "" })]
    public void Split_returns_the_unquoted_fields(string line, string[] expected)
    {
        Assert.Equal(expected, CsvFields.Split(line));
    }

    [Theory]
    [InlineData("\"open,b", "A quoted field starting at column 1 is not closed.")]
    [InlineData("\"a\"b,c", "A quoted field closing at column 3 is followed by 'b' instead of a comma.")]
    public void Split_of_broken_quoting_says_where(string line, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => CsvFields.Split(line)).Message);
    }
}
