using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Npgsql;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Storage;

namespace OrleansTicks.Benchmarks;

/// <summary>The bar store (<c>bars_1m</c>) on SQLite (a temporary file) and PostgreSQL (the server named by
/// <c>ORLEANSTICKS_BENCH_POSTGRES</c>, a connection string with a database the benchmark may write to).
/// <see cref="ReplaceYear"/> replaces a year of 1-minute bars of one symbol (525,600 bars; every invocation after the
/// first deletes the previous year first): one operation is one replacement. <see cref="Merge"/> merges 100 batches of
/// 500 bars (500 symbols × one minute each) into rows written by the warmup: one operation is one bar, so Op/s is
/// bars per second.</summary>
[Config(typeof(Settings))]
public class BarStoreBenchmarks
{
    private const int YearOfMinutes = 525_600;
    private const int MergeBatches = 100;
    private const int MergeBatchSize = 500;
    private static readonly DateTime Year = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private IBarStore _store = null!;
    private IDisposable? _owned;
    private string? _directory;
    private SymbolBar[][] _batches = null!;

    [Params(BarStoreProvider.Sqlite, BarStoreProvider.Postgres)]
    public BarStoreProvider Engine { get; set; }

    // Synchronous on purpose: BenchmarkDotNet 0.14's in-process toolchain does not await an async [GlobalSetup].
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _owned?.Dispose();
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Benchmark]
    public Task<long> ReplaceYear() =>
        _store.ReplaceRangeAsync("YEAR", Year, Year.AddMinutes(YearOfMinutes), Bars(Year, YearOfMinutes));

    [Benchmark(OperationsPerInvoke = MergeBatches * MergeBatchSize)]
    public async Task Merge()
    {
        foreach (var batch in _batches)
        {
            await _store.MergeAsync(batch);
        }
    }

    private async Task SetupAsync()
    {
        if (Engine == BarStoreProvider.Postgres)
        {
            var connectionString = Environment.GetEnvironmentVariable("ORLEANSTICKS_BENCH_POSTGRES")
                ?? throw new InvalidOperationException("Set ORLEANSTICKS_BENCH_POSTGRES to a PostgreSQL connection string (with a database) to benchmark the PostgreSQL bar store.");
            var dataSource = NpgsqlDataSource.Create(connectionString);
            var postgres = new PostgresBarStore(dataSource);
            await postgres.EnsureSchemaAsync();
            _owned = dataSource;
            _store = postgres;
        }
        else
        {
            _directory = Directory.CreateTempSubdirectory("orleansticks-bench-bars-").FullName;
            var sqlite = new SqliteBarStore($"Data Source={Path.Combine(_directory, "bars.db")}");
            await sqlite.EnsureSchemaAsync();
            _owned = sqlite;
            _store = sqlite;
        }

        _batches = new SymbolBar[MergeBatches][];
        for (var b = 0; b < MergeBatches; b++)
        {
            var minute = Year.AddMinutes(b);
            _batches[b] = new SymbolBar[MergeBatchSize];
            for (var s = 0; s < MergeBatchSize; s++)
            {
                _batches[b][s] = new SymbolBar($"S{s:D3}", Bar(minute, s));
            }
        }
    }

    private static IEnumerable<Bar> Bars(DateTime start, int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Bar(start.AddMinutes(i), i);
        }
    }

    private static Bar Bar(DateTime minute, int i)
    {
        var price = 100m + (i % 1000) / 100m;
        return new Bar
        {
            Start = minute,
            Open = price,
            High = price + 0.25m,
            Low = price - 0.25m,
            Close = price + 0.01m,
            Volume = 1234.5678m,
            Notional = price * 1234.5678m,
            Trades = 17,
            FirstTime = minute.AddMilliseconds(123),
            FirstTradeId = i * 100L,
            LastTime = minute.AddSeconds(59),
            LastTradeId = i * 100L + 99,
        };
    }

    /// <summary>A replacement takes seconds: each invocation is timed alone (monitoring), not repeated to fill 500 ms.
    /// The suite's default job still sets the counts: 3 warmup and 12 measured invocations.</summary>
    private sealed class Settings : ManualConfig
    {
        public Settings() => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithId("BarStore"));
    }
}
