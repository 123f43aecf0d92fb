using System.Globalization;
using Microsoft.Data.Sqlite;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Storage;

/// <summary>How a bar becomes an SQLite row and back (see <see cref="SqliteBarSchema"/>): times as ticks, decimals as
/// invariant text. One prepared upsert is reused for every row of a write, its parameters rebound per row.</summary>
internal sealed class SqliteBarRows : IDisposable
{
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    private readonly SqliteCommand _upsert;
    private readonly SqliteParameter[] _parameters;

    public SqliteBarRows(SqliteConnection connection, SqliteTransaction transaction)
    {
        _upsert = connection.CreateCommand();
        _upsert.Transaction = transaction;
        _upsert.CommandText = SqliteBarSchema.Upsert;
        _parameters =
        [
            _upsert.Parameters.Add("$symbol", SqliteType.Text),
            _upsert.Parameters.Add("$minute", SqliteType.Integer),
            _upsert.Parameters.Add("$open", SqliteType.Text),
            _upsert.Parameters.Add("$high", SqliteType.Text),
            _upsert.Parameters.Add("$low", SqliteType.Text),
            _upsert.Parameters.Add("$close", SqliteType.Text),
            _upsert.Parameters.Add("$volume", SqliteType.Text),
            _upsert.Parameters.Add("$notional", SqliteType.Text),
            _upsert.Parameters.Add("$trades", SqliteType.Integer),
            _upsert.Parameters.Add("$first_ts", SqliteType.Integer),
            _upsert.Parameters.Add("$first_id", SqliteType.Integer),
            _upsert.Parameters.Add("$last_ts", SqliteType.Integer),
            _upsert.Parameters.Add("$last_id", SqliteType.Integer),
            _upsert.Parameters.Add("$revision", SqliteType.Integer),
        ];
        _upsert.Prepare();
    }

    /// <summary>Inserts or overwrites the row of (<paramref name="symbol"/>, the bar's minute).</summary>
    public void Write(string symbol, in Bar bar, int revision)
    {
        var p = _parameters;
        p[0].Value = symbol;
        p[1].Value = bar.Start.Ticks;
        p[2].Value = Text(bar.Open);
        p[3].Value = Text(bar.High);
        p[4].Value = Text(bar.Low);
        p[5].Value = Text(bar.Close);
        p[6].Value = Text(bar.Volume);
        p[7].Value = Text(bar.Notional);
        p[8].Value = bar.Trades;
        p[9].Value = bar.FirstTime.Ticks;
        p[10].Value = bar.FirstTradeId;
        p[11].Value = bar.LastTime.Ticks;
        p[12].Value = bar.LastTradeId;
        p[13].Value = revision;
        _upsert.ExecuteNonQuery();
    }

    /// <summary>The row under the reader, selected as <c>minute, {SqliteBarSchema.Columns}</c>.</summary>
    public static StoredBar Read(SqliteDataReader reader) => new(
        new Bar
        {
            Start = BarRules.Utc(reader.GetInt64(0)),
            Open = Number(reader.GetString(1)),
            High = Number(reader.GetString(2)),
            Low = Number(reader.GetString(3)),
            Close = Number(reader.GetString(4)),
            Volume = Number(reader.GetString(5)),
            Notional = Number(reader.GetString(6)),
            Trades = reader.GetInt64(7),
            FirstTime = BarRules.Utc(reader.GetInt64(8)),
            FirstTradeId = reader.GetInt64(9),
            LastTime = BarRules.Utc(reader.GetInt64(10)),
            LastTradeId = reader.GetInt64(11),
        },
        reader.GetInt32(12));

    public void Dispose() => _upsert.Dispose();

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal Number(string text) => decimal.Parse(text, DecimalStyle, CultureInfo.InvariantCulture);
}
