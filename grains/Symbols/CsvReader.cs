using System.Text;

namespace OrleansTicks.Grains.Symbols;

/// <summary>Reads RFC 4180 CSV records: fields separated by commas, a field in double quotes may hold commas, line
/// breaks and <c>""</c> for a quote; records end at LF, CRLF or the end of the input. Small on purpose: the symbol
/// lists are the only CSV the directory reads, and a parser of our own keeps the grains free of a CSV package.</summary>
internal sealed class CsvReader(TextReader reader)
{
    private readonly StringBuilder _field = new();
    private int _nextLine = 1;

    /// <summary>The 1-based line on which the last record read started, for error messages.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/> (cleared first); false at the end of the
    /// input.</summary>
    /// <exception cref="InvalidDataException">A quoted field is not closed, or a closing quote is followed by
    /// something other than a comma or the end of the record.</exception>
    public bool TryReadRecord(List<string> fields)
    {
        fields.Clear();
        if (reader.Peek() < 0)
        {
            return false;
        }

        LineNumber = _nextLine;
        _field.Clear();
        var quoted = false;
        var afterClosingQuote = false;
        while (true)
        {
            var c = reader.Read();
            if (quoted)
            {
                if (c < 0)
                {
                    throw new InvalidDataException($"CSV line {LineNumber}: a quoted field is not closed before the end of the input.");
                }

                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                        afterClosingQuote = true;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _nextLine++;
                    }

                    _field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case < 0 or '\n':
                    _nextLine++;
                    fields.Add(_field.ToString());
                    return true;
                case '\r' when reader.Peek() == '\n':
                    break; // the LF ends the record
                case ',':
                    fields.Add(_field.ToString());
                    _field.Clear();
                    afterClosingQuote = false;
                    break;
                case '"' when _field.Length == 0 && !afterClosingQuote:
                    quoted = true;
                    break;
                default:
                    if (afterClosingQuote)
                    {
                        throw new InvalidDataException($"CSV line {LineNumber}: '{(char)c}' after the closing quote of a field; a quoted field must be followed by a comma or the end of the line.");
                    }

                    _field.Append((char)c);
                    break;
            }
        }
    }
}
