using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Grains.Tests.Symbols;

public sealed class CsvReaderTests
{
    [Fact]
    public void Csv_reader_reads_quoted_commas_escaped_quotes_and_line_breaks_in_fields()
    {
        var records = ReadAll("A,\"Agilent Technologies, Inc.\",\"say \"\"hi\"\"\"\r\nB,\"two\nlines\",\"\"\nC,,x");

        Assert.Equal(3, records.Count);
        Assert.Equal(["A", "Agilent Technologies, Inc.", "say \"hi\""], records[0]);
        Assert.Equal(["B", "two\nlines", ""], records[1]);
        Assert.Equal(["C", "", "x"], records[2]);
    }

    [Fact]
    public void Csv_reader_counts_lines_across_line_breaks_in_quoted_fields()
    {
        var reader = new CsvReader(new StringReader("a\n\"b\nc\"\nd\n"));
        var fields = new List<string>();
        var lines = new List<int>();
        while (reader.TryReadRecord(fields))
        {
            lines.Add(reader.LineNumber);
        }

        Assert.Equal([1, 2, 4], lines);
    }

    [Fact]
    public void Csv_reader_reports_an_unclosed_quote_with_its_line()
    {
        var reader = new CsvReader(new StringReader("ok\n\"never closed,\n"));
        var fields = new List<string>();
        Assert.True(reader.TryReadRecord(fields));

        var error = Assert.Throws<InvalidDataException>(() => reader.TryReadRecord(fields));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_reader_rejects_text_after_a_closing_quote()
    {
        var error = Assert.Throws<InvalidDataException>(() => ReadAll("\"quoted\"tail,x"));
        Assert.Contains("after the closing quote", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_table_names_a_missing_column_and_a_short_row()
    {
        var table = new CsvTable(new StringReader("Symbol,Name\nAAA\n"), "test.csv");

        var missing = Assert.Throws<InvalidDataException>(() => table.Column("Exchange"));
        Assert.Contains("'Exchange'", missing.Message, StringComparison.Ordinal);
        var shortRow = Assert.Throws<InvalidDataException>(() => table.TryReadRow());
        Assert.Contains("test.csv line 2: 1 fields where the header has 2", shortRow.Message, StringComparison.Ordinal);
    }

    private static List<string[]> ReadAll(string text)
    {
        var reader = new CsvReader(new StringReader(text));
        var fields = new List<string>();
        var records = new List<string[]>();
        while (reader.TryReadRecord(fields))
        {
            records.Add([.. fields]);
        }

        return records;
    }
}
