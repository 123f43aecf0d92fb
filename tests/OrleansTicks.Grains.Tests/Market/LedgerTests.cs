using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Market;
using OrleansTicks.Runtime.Catalog;
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
        ["TSLA", "NFLX", "ADBE", "CRM", "PYPL"],
        ["KO", "PEP", "MCD", "NKE", "SBUX"],
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

    [Fact]
    public async Task A_crashed_silos_successor_given_every_trade_again_stores_each_exactly_once()
    {
        var symbols = SymbolSets[3];
        var ledger = Ledger.Create(4, symbols, 6_000, Start, TimeSpan.FromMinutes(20));
        var clock = new ManualTimeProvider(new DateTimeOffset(Start.AddHours(1)));
        var settings = new Dictionary<string, string?>(Settings);

        // The first silo applies half the deliveries, checkpoints, applies a quarter more, and crashes: that quarter
        // was applied in memory only.
        var first = await MarketSilo.StartAsync(settings, clock);
        await first.PublishAsync([.. ledger.Delivery.Take(ledger.Delivery.Count / 2)]);
        await first.WhenIdleAsync();
        clock.Advance(TimeSpan.FromSeconds(1)); // Market:CheckpointInterval: each grain checkpoints on its next tick
        await Wait.UntilAsync(
            () => symbols.All(s => first.Store.ReadTradeIdsAsync(s).GetAwaiter().GetResult().Revision > 0), "every symbol's checkpoint to commit");
        await first.PublishAsync([.. ledger.Delivery.Skip(ledger.Delivery.Count / 2).Take(ledger.Delivery.Count / 4)]);
        await first.WhenIdleAsync();
        var committed = 0L;
        foreach (var symbol in symbols)
        {
            committed += (await first.Store.ReadAsync(symbol, DateTime.MinValue, DateTime.MaxValue)).Sum(b => b.Bar.Trades);
        }

        var appliedByFirst = first.Metrics.TradesApplied;
        var numberedByFirst = new Dictionary<string, long>();
        foreach (var symbol in symbols)
        {
            numberedByFirst[symbol] = (await first.Grains.GetGrain<ISymbolGrain>(symbol).GetSnapshotAsync().Within()).Sequence;
        }

        first.Crash();
        Assert.InRange(committed, 1, appliedByFirst - 1); // the crash lost applied trades that were not committed

        // Its successor gets every delivery again, as the partition queues redeliver whatever was not acknowledged
        // (here: all of it): it skips exactly the committed trades and applies the rest.
        await using var second = await MarketSilo.StartAsync(settings, clock);
        foreach (var symbol in symbols)
        {
            // The first silo never wrote its state: its update numbers went further than the state says, and an api
            // node drops numbers it has seen. The successor's start past all of them.
            var snapshot = await second.Grains.GetGrain<ISymbolGrain>(symbol).GetSnapshotAsync().Within();
            Assert.True(snapshot.Sequence > numberedByFirst[symbol], $"{symbol}: numbered from {snapshot.Sequence}, the crashed activation reached {numberedByFirst[symbol]}");
        }

        await second.PublishAsync(ledger.Delivery);
        await second.StopAsync();
        Assert.Equal(ledger.Trades.Count - committed, second.Metrics.TradesApplied);
        var expected = ledger.ExpectedBars();
        foreach (var symbol in symbols)
        {
            var stored = await second.Store.ReadAsync(symbol, DateTime.MinValue, DateTime.MaxValue);
            AssertSameBars(expected[symbol], [.. stored.Select(s => s.Bar)], $"{symbol} in storage after a crash");
        }

        // The day statistics too: the successor found the state out of step with the stored bars (the first silo never
        // wrote it after its checkpoint) and rebuilt the day from them; a third activation reads what it wrote at stop.
        await using var third = await MarketSilo.StartAsync(settings, clock);
        foreach (var symbol in symbols)
        {
            var day = expected[symbol].Aggregate((sum, bar) => Bar.Merge(sum, bar, Start.Date)) with { Start = Start.Date };
            var quote = await third.Grains.GetGrain<ISymbolGrain>(symbol).GetQuoteAsync().Within();
            Assert.NotNull(quote);
            Assert.Equal(
                (day.Open, day.High, day.Low, day.Volume, day.Trades, day.Vwap, day.Close),
                (quote.Open, quote.High, quote.Low, quote.Volume, quote.Trades, quote.Vwap, quote.Price));
        }
    }

    [Fact]
    public async Task An_activation_superseded_by_another_silos_checkpoint_writes_nothing_and_its_successor_continues_exactly()
    {
        var symbols = SymbolSets[4];
        var ledger = Ledger.Create(5, symbols, 4_000, Start, TimeSpan.FromMinutes(15));
        var settings = new Dictionary<string, string?>(Settings);
        var staleClock = new ManualTimeProvider(new DateTimeOffset(Start.AddHours(1)));
        var ownerClock = new ManualTimeProvider(new DateTimeOffset(Start.AddHours(1)));

        // A silo cut off from the cluster keeps its activations and applies some trades; the partitions' new owner
        // applies every trade and checkpoints first.
        await using var stale = await MarketSilo.StartAsync(settings, staleClock);
        await stale.PublishAsync([.. ledger.Delivery.Take(500)]);
        await using var owner = await MarketSilo.StartAsync(settings, ownerClock);
        await owner.PublishAsync(ledger.Delivery);
        await owner.WhenIdleAsync();
        ownerClock.Advance(TimeSpan.FromSeconds(1));
        await Wait.UntilAsync(
            () => symbols.All(s => owner.Store.ReadTradeIdsAsync(s).GetAwaiter().GetResult().Revision > 0), "the owner's checkpoints to commit");

        // The stale activations' checkpoints (handed over at a tick, settled at a later one) are refused: they
        // deactivate without writing a bar.
        await stale.WhenIdleAsync();
        await Wait.UntilAsync(
            () =>
            {
                staleClock.Advance(TimeSpan.FromSeconds(1));
                return stale.Services.GetRequiredService<SiloRuntime>().Catalog.AllActivations.All(a => a.GrainInstance is not SymbolGrain || !symbols.Contains(a.GrainId.Key));
            },
            "the stale symbol activations to deactivate");

        // Given the trades again, the stale silo's next activations read the owner's checkpoint: every one is a
        // duplicate. Stored: each trade exactly once.
        var appliedBefore = stale.Metrics.TradesApplied;
        await stale.PublishAsync(ledger.Delivery);
        Assert.Equal(appliedBefore, stale.Metrics.TradesApplied);
        await owner.StopAsync();
        await stale.StopAsync();
        var expected = ledger.ExpectedBars();
        foreach (var symbol in symbols)
        {
            var stored = await owner.Store.ReadAsync(symbol, DateTime.MinValue, DateTime.MaxValue);
            AssertSameBars(expected[symbol], [.. stored.Select(s => s.Bar)], $"{symbol} in storage after a stale activation");
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
