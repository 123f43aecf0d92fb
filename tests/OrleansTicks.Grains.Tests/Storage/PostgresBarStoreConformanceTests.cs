using Npgsql;
using OrleansTicks.Grains.Market;
using OrleansTicks.Grains.Storage;
using OrleansTicks.TestKit;
using static OrleansTicks.Grains.Tests.Storage.TestBars;

namespace OrleansTicks.Grains.Tests.Storage;

[Collection(BarStorePostgresCollection.Name)]
public sealed class PostgresBarStoreConformanceTests(PostgresDatabaseFixture database) : BarStoreConformanceTests
{
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IBarStore> CreateStoreAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var store = new PostgresBarStore(_dataSource);
        await store.EnsureSchemaAsync();
        return store;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    [Fact]
    public async Task EnsureSchema_run_concurrently_by_several_stores_succeeds()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ((PostgresBarStore)Store).EnsureSchemaAsync()));

        Assert.False(await Store.HasBarsAsync(NewSymbol()));
    }

    [Fact]
    public async Task Prices_volume_and_notional_are_stored_as_exact_numeric()
    {
        var symbol = NewSymbol();
        await Store.MergeAsync([new SymbolBar(symbol, Simple(0) with { Volume = 1_000_000_000_000_000.00000001m })]);

        await using var command = _dataSource!.CreateCommand("SELECT pg_typeof(volume)::text || ' ' || volume::text FROM bars_1m WHERE symbol = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = symbol });

        Assert.Equal("numeric 1000000000000000.00000001", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Trade_ids_are_stored_as_a_floor_and_bytea_and_a_corrupt_record_fails_the_read_naming_the_symbol()
    {
        var symbol = NewSymbol();
        var ids = new TradeIdSet();
        ids.TryAdd(5);
        await Store.CommitCheckpointsAsync([new SymbolCheckpoint(symbol, [], ids, 0)]);

        await using (var types = _dataSource!.CreateCommand("SELECT pg_typeof(floor)::text || ' ' || pg_typeof(runs)::text || ' ' || pg_typeof(revision)::text FROM symbol_trade_ids WHERE symbol = $1"))
        {
            types.Parameters.Add(new NpgsqlParameter<string> { TypedValue = symbol });
            Assert.Equal("bigint bytea bigint", await types.ExecuteScalarAsync());
        }

        await using (var corrupt = _dataSource.CreateCommand("UPDATE symbol_trade_ids SET runs = '\\x0105'::bytea WHERE symbol = $1"))
        {
            corrupt.Parameters.Add(new NpgsqlParameter<string> { TypedValue = symbol });
            await corrupt.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Store.ReadTradeIdsAsync(symbol));
        Assert.Contains($"The stored trade-id record of {symbol} is unreadable: 5 runs cannot fit in 2 bytes", error.Message, StringComparison.Ordinal);
    }
}
