namespace OrleansTicks.Grains.Feeds.Csv;

/// <summary>Splits one CSV line into fields (RFC 4180 quoting: a quoted field may hold commas, and <c>""</c> inside it
/// is one quote). Records spanning several lines are not supported: none of the files we read has them.</summary>
public static class CsvFields
{
    /// <summary>The fields of <paramref name="line"/>, unquoted, in order.</summary>
    /// <exception cref="FormatException">A quoted field is not closed, or a quote is followed by something other than a
    /// comma.</exception>
    public static List<string> Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<string>();
        var position = 0;
        while (true)
        {
            if (position < line.Length && line[position] == '"')
            {
                position = ReadQuoted(line, position, fields);
            }
            else
            {
                var comma = line.IndexOf(',', position);
                var end = comma < 0 ? line.Length : comma;
                fields.Add(line[position..end]);
                position = end;
            }

            if (position >= line.Length)
            {
                return fields;
            }

            // position is at a comma: another field follows, possibly empty at the end of the line.
            position++;
            if (position == line.Length)
            {
                fields.Add(string.Empty);
                return fields;
            }
        }
    }

    private static int ReadQuoted(string line, int openingQuote, List<string> fields)
    {
        var builder = new System.Text.StringBuilder();
        var position = openingQuote + 1;
        while (true)
        {
            var quote = line.IndexOf('"', position);
            if (quote < 0)
            {
                throw new FormatException($"A quoted field starting at column {openingQuote + 1} is not closed.");
            }

            builder.Append(line, position, quote - position);
            if (quote + 1 < line.Length && line[quote + 1] == '"')
            {
                builder.Append('"');
                position = quote + 2;
                continue;
            }

            position = quote + 1;
            if (position < line.Length && line[position] != ',')
            {
                throw new FormatException($"A quoted field closing at column {quote + 1} is followed by '{line[position]}' instead of a comma.");
            }

            fields.Add(builder.ToString());
            return position;
        }
    }
}
