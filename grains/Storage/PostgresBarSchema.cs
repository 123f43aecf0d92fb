namespace OrleansTicks.Grains.Storage;

/// <summary>The PostgreSQL table <c>bars_1m</c> and the statements on it; keep it in step with
/// <see cref="SqliteBarSchema"/>.</summary>
/// <remarks>
/// <para>Prices, volume and notional are <c>numeric</c>: exact, so the merge runs in SQL. Times (<c>minute</c>,
/// <c>first_ts</c>, <c>last_ts</c>) are <c>bigint</c> <see cref="DateTime.Ticks"/> (100 ns since
/// 0001-01-01T00:00:00Z), as in SQLite: <c>timestamptz</c> keeps only microseconds, and a bar read back must equal
/// the bar written to the tick. Read one as a date with
/// <c>to_timestamp((minute - 621355968000000000) / 1e7)</c>.</para>
/// </remarks>
internal static class PostgresBarSchema
{
    public const string Bars = """
        CREATE TABLE IF NOT EXISTS bars_1m (
            symbol   text    NOT NULL,
            minute   bigint  NOT NULL,
            open     numeric NOT NULL,
            high     numeric NOT NULL,
            low      numeric NOT NULL,
            close    numeric NOT NULL,
            volume   numeric NOT NULL,
            notional numeric NOT NULL,
            trades   bigint  NOT NULL,
            first_ts bigint  NOT NULL,
            first_id bigint  NOT NULL,
            last_ts  bigint  NOT NULL,
            last_id  bigint  NOT NULL,
            revision integer NOT NULL,
            PRIMARY KEY (symbol, minute)
        );
        """;

    /// <summary>Each symbol's trade-id record, replaced by every checkpoint together with its bars
    /// (<see cref="IBarStore.CommitCheckpointsAsync"/>): the ids ≤ <c>floor</c> and the runs above it
    /// (<see cref="TradeIdRunsCodec"/>), and the number of checkpoints committed, which a writer compares and sets.</summary>
    public const string TradeIds = """
        CREATE TABLE IF NOT EXISTS symbol_trade_ids (
            symbol   text   NOT NULL PRIMARY KEY,
            floor    bigint NOT NULL,
            runs     bytea  NOT NULL,
            revision bigint NOT NULL
        );
        """;

    /// <summary>The key of the transaction-scoped advisory locks of this table: the schema script's (two instances
    /// starting at once would race in <c>CREATE TABLE IF NOT EXISTS</c>), and, with a symbol's hash as second key,
    /// a replacement's.</summary>
    private const string LockKey = "75318642";

    /// <summary>The first key of the advisory locks a checkpoint takes per symbol (second key: the symbol's hash), apart
    /// from a replacement's: a year-long regeneration must not hold up the checkpoints (and so the acknowledgements) of
    /// the symbol's partition.</summary>
    private const string CheckpointLockKey = "75318643";

    public const string Script = $"SELECT pg_advisory_xact_lock({LockKey}, 0);\n{Bars}\n{TradeIds}";

    /// <summary>The columns after <c>symbol, minute</c>, in the order every statement uses.</summary>
    public const string Columns = "open, high, low, close, volume, notional, trades, first_ts, first_id, last_ts, last_id, revision";

    public const string Select = $"SELECT minute, {Columns} FROM bars_1m WHERE symbol = $1 AND minute >= $2 AND minute < $3 ORDER BY minute";

    public const string SelectLatestBefore = $"SELECT minute, {Columns} FROM bars_1m WHERE symbol = $1 AND minute < $2 ORDER BY minute DESC LIMIT 1";

    public const string Exists = "SELECT EXISTS (SELECT 1 FROM bars_1m WHERE symbol = $1 AND minute < $2)";

    /// <summary>Serializes replacements of one symbol: two at once would both delete the old rows and then collide on
    /// each other's new ones. A hash collision only serializes two symbols' replacements.</summary>
    public const string LockSymbol = $"SELECT pg_advisory_xact_lock({LockKey}, hashtext($1))";

    /// <summary>Serializes the checkpoints of the symbols <c>$1</c> with those of other writers. The locks are taken in
    /// ascending order of their keys (PostgreSQL computes a select list after sorting when the sort does not use it), so
    /// two calls sharing symbols cannot deadlock, hash collisions included. Taken before the revisions are read, so a
    /// compare-and-set sees the last committed revision and nobody can commit another before this transaction ends.</summary>
    public const string LockCheckpoints = $"""
        SELECT pg_advisory_xact_lock({CheckpointLockKey}, k.h)
        FROM (SELECT DISTINCT hashtext(s) AS h FROM unnest($1::text[]) AS s) AS k
        ORDER BY k.h
        """;

    public const string SelectRevisions = "SELECT symbol, revision FROM symbol_trade_ids WHERE symbol = ANY($1::text[])";

    public const string SelectTradeIds = "SELECT floor, runs, revision FROM symbol_trade_ids WHERE symbol = $1";

    /// <summary>Writes the records of a checkpoint whose revisions were checked under <see cref="LockCheckpoints"/>.</summary>
    public const string UpsertTradeIds = """
        INSERT INTO symbol_trade_ids (symbol, floor, runs, revision)
        SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[], $4::bigint[])
        ON CONFLICT (symbol) DO UPDATE SET floor = excluded.floor, runs = excluded.runs, revision = excluded.revision
        """;

    public const string DeleteRange = "DELETE FROM bars_1m WHERE symbol = $1 AND minute >= $2 AND minute < $3";

    public const string Copy = $"COPY bars_1m (symbol, minute, {Columns}) FROM STDIN (FORMAT BINARY)";

    /// <summary>Merges a batch of distinct keys (one array element per key) in one statement. The open and first trade
    /// are replaced only by a strictly earlier (time, id), the close and last trade only by a strictly later one, as
    /// <see cref="OrleansTicks.GrainInterfaces.Market.Bar.Merge"/> does with the stored bar first; the array's
    /// <c>revision</c> is the number of the call's bars of that key minus one, so a new row starts there and an
    /// existing one grows by that number plus one. Keys arrive sorted, so concurrent batches lock rows in one order.</summary>
    public const string Merge = $"""
        INSERT INTO bars_1m AS b (symbol, minute, {Columns})
        SELECT * FROM unnest($1::text[], $2::bigint[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[],
                             $8::numeric[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::integer[])
        ON CONFLICT (symbol, minute) DO UPDATE SET
            open     = CASE WHEN (excluded.first_ts, excluded.first_id) < (b.first_ts, b.first_id) THEN excluded.open ELSE b.open END,
            first_ts = CASE WHEN (excluded.first_ts, excluded.first_id) < (b.first_ts, b.first_id) THEN excluded.first_ts ELSE b.first_ts END,
            first_id = CASE WHEN (excluded.first_ts, excluded.first_id) < (b.first_ts, b.first_id) THEN excluded.first_id ELSE b.first_id END,
            close    = CASE WHEN (excluded.last_ts, excluded.last_id) > (b.last_ts, b.last_id) THEN excluded.close ELSE b.close END,
            last_ts  = CASE WHEN (excluded.last_ts, excluded.last_id) > (b.last_ts, b.last_id) THEN excluded.last_ts ELSE b.last_ts END,
            last_id  = CASE WHEN (excluded.last_ts, excluded.last_id) > (b.last_ts, b.last_id) THEN excluded.last_id ELSE b.last_id END,
            high     = GREATEST(b.high, excluded.high),
            low      = LEAST(b.low, excluded.low),
            volume   = b.volume + excluded.volume,
            notional = b.notional + excluded.notional,
            trades   = b.trades + excluded.trades,
            revision = b.revision + excluded.revision + 1
        """;
}
