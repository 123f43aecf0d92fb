using System.Globalization;
using Microsoft.Data.Sqlite;
using OrleansTicks.Grains.Market;
using OrleansTicks.Grains.Storage;
using static OrleansTicks.Grains.Tests.Storage.TestBars;

namespace OrleansTicks.Grains.Tests.Storage;

public sealed class SqliteBarStoreConformanceTests(SqliteBarDatabaseFixture database)
    : BarStoreConformanceTests, IClassFixture<SqliteBarDatabaseFixture>
{
    protected override async Task<IBarStore> CreateStoreAsync()
    {
        var store = new SqliteBarStore(database.ConnectionString);
        await store.EnsureSchemaAsync();
        return store;
    }

    [Fact]
    public async Task EnsureSchema_is_idempotent_and_puts_the_database_in_wal_mode()
    {
        await ((SqliteBarStore)Store).EnsureSchemaAsync();

        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Decimals_are_stored_as_invariant_text_and_times_as_ticks()
    {
        var symbol = NewSymbol();
        var bar = Simple(0) with { Open = 101.1250m, Volume = 0.00000001m };
        await Store.MergeAsync([new SymbolBar(symbol, bar)]);

        var row = await ScalarAsync(
            "SELECT typeof(open) || ' ' || open || ' ' || typeof(volume) || ' ' || volume || ' ' || typeof(minute) || ' ' || minute FROM bars_1m WHERE symbol = $symbol;",
            symbol);

        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"text 101.1250 text 0.00000001 integer {bar.Start.Ticks}"), row);
    }

    [Fact]
    public async Task Trade_ids_are_stored_as_a_floor_and_a_blob_and_a_corrupt_blob_fails_the_read_naming_the_symbol()
    {
        var symbol = NewSymbol();
        var ids = new TradeIdSet();
        ids.TryAdd(5);
        await Store.CommitCheckpointsAsync([new SymbolCheckpoint(symbol, [], ids, 0)]);

        Assert.Equal("integer blob integer", await ScalarAsync("SELECT typeof(floor) || ' ' || typeof(runs) || ' ' || typeof(revision) FROM symbol_trade_ids WHERE symbol = $symbol;", symbol));
        await ScalarAsync("UPDATE symbol_trade_ids SET runs = x'0900' WHERE symbol = $symbol;", symbol);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Store.ReadTradeIdsAsync(symbol));
        Assert.Contains($"The stored trade-id record of {symbol} is unreadable: unknown format 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_in_memory_database_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteBarStore("Data Source=:memory:"));

        Assert.Contains("MemoryBarStore", error.Message, StringComparison.Ordinal);
    }

    private async Task<object?> ScalarAsync(string sql, string? symbol = null)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (symbol is not null)
        {
            command.Parameters.AddWithValue("$symbol", symbol);
        }

        return await command.ExecuteScalarAsync();
    }
}
