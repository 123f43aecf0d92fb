using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Market;

/// <summary>The acceptance test of the market domain: a known ledger of trades, delivered with late trades and
/// duplicates through the ingestor and the symbol grains, must leave every stored bar (and every bar the grains hold)
/// equal to the bars computed independently from the ledger — zero differences — on each storage engine.</summary>
public abstract class LedgerTests
{
    // Each test its own symbols: on PostgreSQL the tests of a class share one database.
    protected static readonly string[][] SymbolSets =
    [
        ["AAPL", "MSFT", "GOOG", "SPY", "INTC"],
        ["IBM", "ORCL", "CSCO", "AMZN", "META"],
        ["NVDA", "AMD", "QCOM", "TXN", "MU"],
    ];

    protected static readonly DateTime Start = new(2026, 11, 20, 14, 0, 0, DateTimeKind.Utc);

    protected abstract Dictionary<string, string?> Settings { get; }

    [Theory]
    [InlineData(0, 512)]
    [InlineData(1, 7)]
    public async Task Stored_bars_equal_the_bars_of_the_ledger(int seed, int batchSize)
    {
        var symbols = SymbolSets[seed];
        var ledger = Ledger.Create(seed, symbols, 20_000, Start, TimeSpan.FromMinutes(45));
        await using var silo = await MarketSilo.StartAsync(Settings);

        await silo.PublishAsync(ledger.Delivery, batchSize);
        var expected = ledger.ExpectedBars();
        foreach (var symbol in symbols)
        {
            // What the grain holds (ring + partial) before anything is written.
            var held = await silo.Grains.GetGrain<ISymbolGrain>(symbol).GetRecentBarsAsync(DateTime.MinValue).Within();
            AssertSameBars(expected[symbol], held, $"{symbol} in memory");
        }

        await silo.StopAsync();
        foreach (var symbol in symbols)
        {
            var stored = await silo.Store.ReadAsync(symbol, DateTime.MinValue, DateTime.MaxValue);
            AssertSameBars(expected[symbol], [.. stored.Select(s => s.Bar)], $"{symbol} in storage");
        }

        Assert.Equal(ledger.Trades.Count, silo.Metrics.TradesApplied);
        Assert.Equal(ledger.Delivery.Count - ledger.Trades.Count, silo.Metrics.TradesDuplicate);
    }

    internal static void AssertSameBars(IReadOnlyList<Bar> expected, IReadOnlyList<Bar> actual, string what) =>
        BarDifferences.AssertNone(expected, actual, what);
}

/// <summary>Engines that outlive the process: a second silo on the same database continues the first one's bars
/// and knows its trade ids, so trades sent to both (the redelivery of cluster mode) count once.</summary>
public abstract class DurableLedgerTests : LedgerTests
{
    [Fact]
    public async Task A_restarted_silo_adds_to_the_stored_bars_without_losing_or_repeating_trades()
    {
        var symbols = SymbolSets[2];
        var ledger = Ledger.Create(3, symbols, 6_000, Start, TimeSpan.FromMinutes(20));
        var half = ledger.Delivery.Count / 2;
        var clock = new ManualTimeProvider(new DateTimeOffset(Start.AddHours(1)));
        var settings = new Dictionary<string, string?>(Settings);
        await using (var first = await MarketSilo.StartAsync(settings, clock))
        {
            await first.PublishAsync([.. ledger.Delivery.Take(half)]);
        }

        await using var second = await MarketSilo.StartAsync(settings, clock);
        await second.PublishAsync([.. ledger.Delivery.Skip(half)]);
        await second.StopAsync();
        var expected = ledger.ExpectedBars();
        foreach (var symbol in symbols)
        {
            var stored = await second.Store.ReadAsync(symbol, DateTime.MinValue, DateTime.MaxValue);
            AssertSameBars(expected[symbol], [.. stored.Select(s => s.Bar)], $"{symbol} in storage after a restart");
        }
    }
}

public sealed class MemoryLedgerTests : LedgerTests
{
    protected override Dictionary<string, string?> Settings => new() { ["Storage:Provider"] = "Memory" };
}

public sealed class SqliteLedgerTests : DurableLedgerTests, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"orleansticks-ledger-{Guid.NewGuid():N}.db");

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Storage:Provider"] = "Sqlite",
        ["ConnectionStrings:Sqlite"] = $"Data Source={_path}",
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bars = _path.Replace(".db", "-bars.db", StringComparison.Ordinal); // the bar store's file beside it
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm", bars, bars + "-wal", bars + "-shm" })
        {
            File.Delete(file);
        }
    }
}

[Collection(MarketPostgresCollection.Name)]
public sealed class PostgresLedgerTests(PostgresDatabaseFixture database) : DurableLedgerTests
{
    protected override Dictionary<string, string?> Settings => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["ConnectionStrings:Postgres"] = database.ConnectionString,
    };
}

[CollectionDefinition(Name)]
public sealed class MarketPostgresCollection : ICollectionFixture<PostgresDatabaseFixture>
{
    public const string Name = "Market on PostgreSQL";
}
