namespace OrleansTicks.Grains.Storage;

/// <summary>The SQLite table <c>bars_1m</c>; keep it in step with <see cref="PostgresBarSchema"/>.</summary>
/// <remarks>
/// <para>Times (<c>minute</c>, <c>first_ts</c>, <c>last_ts</c>) are INTEGER <see cref="DateTime.Ticks"/>: 100 ns units
/// since 0001-01-01T00:00:00Z, exact to the tick (read one as a date with
/// <c>datetime((minute - 621355968000000000) / 10000000, 'unixepoch')</c>).</para>
/// <para>SQLite has no exact decimal, so prices, volume and notional are TEXT in the invariant culture, which
/// round-trips a <see cref="decimal"/> exactly (scale included). SQLite never does arithmetic on them: merges happen in
/// C# inside the write transaction. <c>STRICT</c> keeps SQLite from ever converting that text to a (binary) number;
/// <c>WITHOUT ROWID</c> clusters the rows by (symbol, minute), the order every range read wants.</para>
/// </remarks>
internal static class SqliteBarSchema
{
    public const string Bars = """
        CREATE TABLE IF NOT EXISTS bars_1m (
            symbol   TEXT    NOT NULL,
            minute   INTEGER NOT NULL,
            open     TEXT    NOT NULL,
            high     TEXT    NOT NULL,
            low      TEXT    NOT NULL,
            close    TEXT    NOT NULL,
            volume   TEXT    NOT NULL,
            notional TEXT    NOT NULL,
            trades   INTEGER NOT NULL,
            first_ts INTEGER NOT NULL,
            first_id INTEGER NOT NULL,
            last_ts  INTEGER NOT NULL,
            last_id  INTEGER NOT NULL,
            revision INTEGER NOT NULL,
            PRIMARY KEY (symbol, minute)
        ) STRICT, WITHOUT ROWID;
        """;

    /// <summary>Each symbol's trade-id record, replaced by every checkpoint together with its bars; see
    /// <see cref="PostgresBarSchema.TradeIds"/>.</summary>
    public const string TradeIds = """
        CREATE TABLE IF NOT EXISTS symbol_trade_ids (
            symbol   TEXT    NOT NULL PRIMARY KEY,
            floor    INTEGER NOT NULL,
            runs     BLOB    NOT NULL,
            revision INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        """;

    /// <summary>WAL lets readers see the last committed state while a replacement writes (the grain storage switches
    /// the same file to WAL too; the mode is stored in the file).</summary>
    public const string Script = "PRAGMA journal_mode = WAL;\n" + Bars + "\n" + TradeIds;

    /// <summary>The columns after <c>symbol, minute</c>, in the order every statement uses.</summary>
    public const string Columns = "open, high, low, close, volume, notional, trades, first_ts, first_id, last_ts, last_id, revision";

    public const string Select = $"SELECT minute, {Columns} FROM bars_1m WHERE symbol = $symbol AND minute >= $from AND minute < $to ORDER BY minute;";

    public const string SelectOne = $"SELECT minute, {Columns} FROM bars_1m WHERE symbol = $symbol AND minute = $from;";

    public const string SelectLatestBefore = $"SELECT minute, {Columns} FROM bars_1m WHERE symbol = $symbol AND minute < $to ORDER BY minute DESC LIMIT 1;";

    public const string Exists = "SELECT EXISTS (SELECT 1 FROM bars_1m WHERE symbol = $symbol AND minute < $to);";

    public const string DeleteRange = "DELETE FROM bars_1m WHERE symbol = $symbol AND minute >= $from AND minute < $to;";

    public const string SelectTradeIds = "SELECT floor, runs, revision FROM symbol_trade_ids WHERE symbol = $symbol;";

    public const string SelectRevision = "SELECT revision FROM symbol_trade_ids WHERE symbol = $symbol;";

    public const string UpsertTradeIds = """
        INSERT INTO symbol_trade_ids (symbol, floor, runs, revision) VALUES ($symbol, $floor, $runs, $revision)
        ON CONFLICT (symbol) DO UPDATE SET floor = excluded.floor, runs = excluded.runs, revision = excluded.revision;
        """;

    /// <summary>Writes a whole row: the merge is computed in C# beforehand, so a conflict just takes the new values.</summary>
    public const string Upsert = $"""
        INSERT INTO bars_1m (symbol, minute, {Columns})
        VALUES ($symbol, $minute, $open, $high, $low, $close, $volume, $notional, $trades, $first_ts, $first_id, $last_ts, $last_id, $revision)
        ON CONFLICT (symbol, minute) DO UPDATE SET
            open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
            volume = excluded.volume, notional = excluded.notional, trades = excluded.trades,
            first_ts = excluded.first_ts, first_id = excluded.first_id, last_ts = excluded.last_ts, last_id = excluded.last_id,
            revision = excluded.revision;
        """;
}
