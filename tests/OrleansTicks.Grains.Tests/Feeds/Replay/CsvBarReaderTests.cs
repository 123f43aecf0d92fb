using OrleansTicks.Grains.Feeds.Replay;

namespace OrleansTicks.Grains.Tests.Feeds.Replay;

public sealed class CsvBarReaderTests
{
    [Fact]
    public void Reader_finds_columns_by_name_in_any_order_and_case_and_ignores_extra_columns()
    {
        var rows = Read("volume,Adj Close,CLOSE,low,High,open,date,Note\n1200,9.5,10.5,9,11,10,2019-11-05,\"x, y\"\n");

        Assert.Equal([new CsvBarRow(2, new ReplayBar(2, new DateTime(2019, 11, 5, 0, 0, 0, DateTimeKind.Utc), true, 10m, 11m, 9m, 10.5m, 1200m), null)], rows);
    }

    [Fact]
    public void Reader_without_required_columns_names_them_and_shows_the_header_found()
    {
        var error = Assert.Throws<InvalidDataException>(() => Read("Date,Open,High,Close,Adj Close\n"));

        Assert.Equal(
            "bars.csv has no Low, Volume columns; the header found is 'Date,Open,High,Close,Adj Close', and the required columns are Date,Open,High,Low,Close,Volume (any order, case-insensitive).",
            error.Message);
    }

    [Fact]
    public void Reader_of_an_empty_file_says_the_header_is_missing()
    {
        var error = Assert.Throws<InvalidDataException>(() => Read(string.Empty));

        Assert.Equal("bars.csv has no header; the first line must name the columns Date,Open,High,Low,Close,Volume.", error.Message);
    }

    [Theory]
    [InlineData("2019-11-05,,11,9,10,100", "Open is missing")]
    [InlineData("2019-11-05,null,11,9,10,100", "Open is missing")]
    [InlineData("2019-11-05,10,abc,9,10,100", "High 'abc' is not a number")]
    [InlineData("2019-11-05,10,11,9,10,", "Volume is missing")]
    [InlineData("2019-11-05,0,11,9,10,100", "Open 0 is not a positive price")]
    [InlineData("2019-11-05,10,11,-1,10,100", "Low -1 is not a positive price")]
    [InlineData("2019-11-05,10,11,9,10,-5", "Volume -5 is negative")]
    [InlineData("2019-11-05,10,11,12,10,100", "the low 12 is above the high 11; the low 12 is above the open 10; the low 12 is above the close 10")]
    [InlineData("2019-11-05,10,11,9.5,9,100", "the low 9.5 is above the close 9")]
    [InlineData("2019-11-05,12,11,9,10,100", "the high 11 is below the open 12")]
    [InlineData("2019-11-05,10,11,9,11.5,100", "the high 11 is below the close 11.5")]
    [InlineData(",10,11,9,10,100", "Date is missing")]
    [InlineData("05/11/2019,10,11,9,10,100", "Date '05/11/2019' is not a date (yyyy-MM-dd) nor a time (yyyy-MM-dd HH:mm:ss, optionally with an offset)")]
    [InlineData("2019-13-05,10,11,9,10,100", "Date '2019-13-05' is not a date (yyyy-MM-dd) nor a time (yyyy-MM-dd HH:mm:ss, optionally with an offset)")]
    [InlineData("2019-11-05 09:30:15,10,11,9,10,100", "Date '2019-11-05 09:30:15' is not on a whole minute, so it is not the start of a minute bar")]
    [InlineData("2019-11-05,10,11,9", "has 4 fields, fewer than the 6 the header's columns need")]
    [InlineData("2019-11-05,\"10,11,9,10,100", "not valid CSV: A quoted field starting at column 12 is not closed.")]
    public void Reader_reports_a_bad_row_with_its_line_and_what_is_wrong(string row, string problem)
    {
        var rows = Read($"Date,Open,High,Low,Close,Volume\n2019-11-04,10,11,9,10,100\n{row}\n2019-11-06,10,11,9,10,100\n");

        Assert.Equal(new CsvBarRow(3, null, problem), rows[1]);
        Assert.True(rows[0].IsGood);
        Assert.True(rows[2].IsGood);
    }

    [Theory]
    [InlineData("2019-11-04", "the bar starting 2019-11-04 00:00 does not start after the previous row's bar (line 2, 2019-11-04 00:00) has ended")]
    [InlineData("2019-11-03", "the bar starting 2019-11-03 00:00 does not start after the previous row's bar (line 2, 2019-11-04 00:00) has ended")]
    [InlineData("2019-11-04 23:59", "the bar starting 2019-11-04 23:59 does not start after the previous row's bar (line 2, 2019-11-04 00:00) has ended")]
    public void Reader_reports_a_row_that_does_not_follow_the_previous_bar(string date, string problem)
    {
        var rows = Read($"Date,Open,High,Low,Close,Volume\n2019-11-04,10,11,9,10,100\n{date},10,11,9,10,100\n2019-11-05,10,11,9,10,100\n");

        Assert.Equal(new CsvBarRow(3, null, problem), rows[1]);
        Assert.Equal(4, rows[2].Bar?.Line);
    }

    [Theory]
    [InlineData("2019-11-05 09:30:00", 9, 30)]
    [InlineData("2019-11-05 09:30", 9, 30)]
    [InlineData("2019-11-05T09:30:00Z", 9, 30)]
    [InlineData("2019-11-05T09:30:00-05:00", 14, 30)]
    [InlineData("2019-11-05 09:30:00+01:00", 8, 30)]
    public void Reader_takes_a_time_without_offset_as_UTC_and_converts_one_with_an_offset(string date, int hour, int minute)
    {
        var bar = Read($"Date,Open,High,Low,Close,Volume\n{date},10,11,9,10,100\n").Single().Bar!.Value;

        Assert.Equal(new DateTime(2019, 11, 5, hour, minute, 0, DateTimeKind.Utc), bar.Start);
        Assert.Equal(DateTimeKind.Utc, bar.Start.Kind);
        Assert.False(bar.IsDaily);
        Assert.Equal(TimeSpan.FromMinutes(1), bar.Length);
    }

    [Fact]
    public void Reader_takes_a_date_alone_as_that_day_s_bar()
    {
        var bar = Read("Date,Open,High,Low,Close,Volume\n2019-11-05,10,11,9,10,100\n").Single().Bar!.Value;

        Assert.Equal(new DateTime(2019, 11, 5, 0, 0, 0, DateTimeKind.Utc), bar.Start);
        Assert.True(bar.IsDaily);
        Assert.Equal(TimeSpan.FromDays(1), bar.Length);
    }

    [Fact]
    public void Reader_skips_blank_lines_but_counts_them_in_line_numbers()
    {
        var rows = Read("Date,Open,High,Low,Close,Volume\n\n2019-11-05,10,11,9,10,1.5e3\n   \n2019-11-06,10,11,9,10,0\n\n");

        Assert.Equal([3L, 5L], rows.Select(r => r.Line));
        Assert.Equal([1500m, 0m], rows.Select(r => r.Bar!.Value.Volume));
    }

    private static List<CsvBarRow> Read(string content)
    {
        using var reader = new StringReader(content);
        return [.. CsvBarReader.Read(reader, "bars.csv")];
    }
}
