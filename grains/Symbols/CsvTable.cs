namespace OrleansTicks.Grains.Symbols;

/// <summary>A CSV file with a header row, read row by row with columns found by name, so that a reordered or
/// extended file still reads. Rows whose fields are all empty are skipped; every other row must have a field for
/// every column of the header.</summary>
internal sealed class CsvTable
{
    private readonly CsvReader _reader;
    private readonly List<string> _header = [];
    private readonly List<string> _fields = [];
    private readonly string _fileName;

    /// <summary>Reads the header of <paramref name="fileName"/> (named in errors).</summary>
    /// <exception cref="InvalidDataException">The file is empty.</exception>
    public CsvTable(TextReader reader, string fileName)
    {
        _reader = new CsvReader(reader);
        _fileName = fileName;
        if (!_reader.TryReadRecord(_header))
        {
            throw new InvalidDataException($"{fileName}: the file is empty; a header row was expected.");
        }
    }

    /// <summary>The 1-based line of the current row.</summary>
    public int LineNumber => _reader.LineNumber;

    /// <summary>The field of <paramref name="column"/> (from <see cref="Column"/>) in the current row.</summary>
    public string this[int column] => _fields[column];

    /// <summary>The index of the column headed <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">No such column.</exception>
    public int Column(string name)
    {
        var index = _header.IndexOf(name);
        return index >= 0
            ? index
            : throw new InvalidDataException($"{_fileName}: no column '{name}' in the header ({string.Join(", ", _header)}).");
    }

    /// <summary>Moves to the next row that is not empty; false at the end of the file.</summary>
    /// <exception cref="InvalidDataException">A row has fewer fields than the header.</exception>
    public bool TryReadRow()
    {
        while (_reader.TryReadRecord(_fields))
        {
            if (_fields.TrueForAll(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (_fields.Count < _header.Count)
            {
                throw Error($"{_fields.Count} fields where the header has {_header.Count}");
            }

            return true;
        }

        return false;
    }

    /// <summary>An error about the current row, naming the file and line.</summary>
    public InvalidDataException Error(string what) => new($"{_fileName} line {LineNumber}: {what}.");
}
