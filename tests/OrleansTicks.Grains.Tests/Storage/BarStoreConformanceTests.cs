using System.Globalization;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Storage;
using static OrleansTicks.Grains.Tests.Storage.TestBars;

namespace OrleansTicks.Grains.Tests.Storage;

/// <summary>The behaviour every <see cref="IBarStore"/> shares. Each engine runs it through a small derived class;
/// every test writes symbols of its own, so tests sharing a database never see each other's bars.</summary>
public abstract partial class BarStoreConformanceTests : IAsyncLifetime
{
    /// <summary>The store under test, created for this test.</summary>
    protected IBarStore Store { get; private set; } = null!;

    /// <summary>Creates a store over this test class's database, its table ready.</summary>
    protected abstract Task<IBarStore> CreateStoreAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual async Task DisposeAsync()
    {
        switch (Store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    [Fact]
    public async Task Merged_bar_reads_back_equal_to_the_tick_with_exact_decimals()
    {
        var symbol = NewSymbol();
        var bar = new Bar
        {
            Start = Minute0,
            Open = 123.456789012m,
            High = 123.4567890123456m,
            Low = 0.00000001m,
            Close = 99.50000m,
            Volume = 1_000_000_000_000_000.00000001m,
            Notional = 1234567890123456.789012345678m,
            Trades = long.MaxValue / 2,
            FirstTime = Minute0.AddTicks(1),
            FirstTradeId = long.MinValue,
            LastTime = Minute0.AddTicks(TimeSpan.TicksPerMinute - 1),
            LastTradeId = long.MaxValue,
        };

        await Store.MergeAsync([new SymbolBar(symbol, bar)]);
        var stored = Assert.Single(await Store.ReadAsync(symbol, Minute0, Minute(1)));

        Assert.Equal(new StoredBar(bar, 0), stored);
        AssertSameScale(bar, stored.Bar);
        AssertUtc(stored.Bar);
    }

    [Fact]
    public async Task Replaced_bars_read_back_equal_to_the_tick_with_exact_decimals()
    {
        var symbol = NewSymbol();
        var bars = Series(0, 3).Select((b, i) => b with
        {
            Open = 0.00000001m * (i + 1),
            Low = 0.00000001m,
            Close = 0.00000002m,
            High = 987654321.123456789m,
            Volume = 1_000_000_000_000_000m + i,
            Notional = 0.1m + 0.2m,
            FirstTime = b.Start.AddTicks(7),
        }).ToList();

        var written = await Store.ReplaceRangeAsync(symbol, Minute0, Minute(3), bars);
        var stored = await Store.ReadAsync(symbol, Minute0, Minute(3));

        Assert.Equal(3, written);
        Assert.Equal(bars.Select(b => new StoredBar(b, 0)), stored);
        foreach (var (expected, actual) in bars.Zip(stored))
        {
            AssertSameScale(expected, actual.Bar);
            AssertUtc(actual.Bar);
        }
    }

    [Fact]
    public async Task Bar_written_with_unspecified_kind_times_reads_back_as_utc()
    {
        var symbol = NewSymbol();
        var utc = Simple(0);
        var unspecified = utc with
        {
            Start = DateTime.SpecifyKind(utc.Start, DateTimeKind.Unspecified),
            FirstTime = DateTime.SpecifyKind(utc.FirstTime, DateTimeKind.Unspecified),
            LastTime = DateTime.SpecifyKind(utc.LastTime, DateTimeKind.Unspecified),
        };

        await Store.MergeAsync([new SymbolBar(symbol, unspecified)]);
        var stored = Assert.Single(await Store.ReadAsync(symbol, Minute0, Minute(1)));

        Assert.Equal(utc, stored.Bar);
        AssertUtc(stored.Bar);
    }

    /// <summary>Decimal equality ignores trailing zeros; the stores keep them too (1.50 stays 1.50).</summary>
    private static void AssertSameScale(Bar expected, Bar actual)
    {
        static string[] Texts(Bar b) =>
            [.. new[] { b.Open, b.High, b.Low, b.Close, b.Volume, b.Notional }.Select(d => d.ToString(CultureInfo.InvariantCulture))];

        Assert.Equal(Texts(expected), Texts(actual));
    }

    private static void AssertUtc(Bar bar)
    {
        Assert.Equal(DateTimeKind.Utc, bar.Start.Kind);
        Assert.Equal(DateTimeKind.Utc, bar.FirstTime.Kind);
        Assert.Equal(DateTimeKind.Utc, bar.LastTime.Kind);
    }

    /// <summary>Every stored bar of <paramref name="symbol"/> in the first <paramref name="minutes"/> minutes.</summary>
    protected Task<IReadOnlyList<StoredBar>> ReadAllAsync(string symbol, int minutes = 1_000_000) =>
        Store.ReadAsync(symbol, Minute0, Minute(minutes));
}
