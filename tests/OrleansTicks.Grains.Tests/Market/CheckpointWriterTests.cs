using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Market;
using OrleansTicks.Grains.Storage;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Market;

public sealed class CheckpointWriterTests : IAsyncDisposable
{
    private static readonly DateTime Minute = new(2026, 11, 20, 14, 30, 0, DateTimeKind.Utc);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MemoryBarStore _store = new();
    private readonly CheckpointWriter _writer;

    public CheckpointWriterTests()
    {
        _writer = new CheckpointWriter(_store, Options.Create(new MarketOptions()), new MarketMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger<CheckpointWriter>.Instance);
    }

    [Fact]
    public async Task A_stale_symbol_is_refused_alone_and_the_others_of_its_transaction_commit()
    {
        await _store.CommitCheckpointsAsync([Checkpoint("MSFT", 1, revision: 0)]); // another writer got MSFT first

        // Queued before the writer starts: all three go in one transaction.
        var aapl = _writer.CommitAsync(Checkpoint("AAPL", 10, revision: 0));
        var msft = _writer.CommitAsync(Checkpoint("MSFT", 20, revision: 0));
        var nvda = _writer.CommitAsync(Checkpoint("NVDA", 30, revision: 0));
        await ((IHostedService)_writer).StartAsync(CancellationToken.None);

        await aapl.Within();
        await nvda.Within();
        var conflict = await Assert.ThrowsAsync<CheckpointConflictException>(() => msft.Within());
        Assert.Equal("MSFT", Assert.Single(conflict.Conflicts).Symbol);
        Assert.Equal(1, (await _store.ReadTradeIdsAsync("AAPL")).Revision);
        Assert.Equal(1, (await _store.ReadTradeIdsAsync("MSFT")).Revision); // the other writer's, untouched
        Assert.Equal(10, Assert.Single(await _store.ReadAsync("AAPL", DateTime.MinValue, DateTime.MaxValue)).Bar.Trades);
        Assert.Equal(1, Assert.Single(await _store.ReadAsync("MSFT", DateTime.MinValue, DateTime.MaxValue)).Bar.Trades);
    }

    [Fact]
    public async Task Checkpoints_queued_while_the_host_stops_are_committed_and_later_ones_fail_at_once()
    {
        await ((IHostedService)_writer).StartAsync(CancellationToken.None);
        var queued = _writer.CommitAsync(Checkpoint("AAPL", 5, revision: 0));
        await ((IHostedLifecycleService)_writer).StoppedAsync(CancellationToken.None);

        await queued.Within();
        Assert.Equal(1, (await _store.ReadTradeIdsAsync("AAPL")).Revision);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _writer.CommitAsync(Checkpoint("AAPL", 5, revision: 1)));
    }

    /// <summary><paramref name="trades"/> trades of one minute with ids 1..trades, as one delta.</summary>
    private static SymbolCheckpoint Checkpoint(string symbol, int trades, long revision)
    {
        var ids = new TradeIdSet();
        Bar? delta = null;
        for (var id = 1; id <= trades; id++)
        {
            ids.TryAdd(id);
            var bar = Bar.FromTrade(new Trade(symbol, id, 100m + id, 1m, Minute.AddSeconds(id % 60)), Minute);
            delta = delta is { } sum ? Bar.Merge(sum, bar, Minute) : bar;
        }

        return new SymbolCheckpoint(symbol, [delta!.Value], ids, revision);
    }

    public async ValueTask DisposeAsync()
    {
        await ((IHostedLifecycleService)_writer).StoppedAsync(CancellationToken.None);
        _writer.Dispose();
        await _services.DisposeAsync();
    }
}
