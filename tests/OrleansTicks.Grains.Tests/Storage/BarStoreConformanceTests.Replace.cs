using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Storage;
using static OrleansTicks.Grains.Tests.Storage.TestBars;

namespace OrleansTicks.Grains.Tests.Storage;

/// <summary>Replacing a range: only the range, atomically for readers, rolled back on failure or cancellation.</summary>
public abstract partial class BarStoreConformanceTests
{
    [Fact]
    public async Task ReplaceRange_replaces_only_the_range_of_its_symbol()
    {
        var symbol = NewSymbol();
        var other = NewSymbol();
        var old = Series(0, 20, tag: 1m);
        await Store.MergeAsync([.. old.Select(b => new SymbolBar(symbol, b)), .. old.Select(b => new SymbolBar(other, b))]);
        await Store.MergeAsync([new SymbolBar(symbol, old[3])]);
        List<Bar> fresh = [Simple(6, 5m), Simple(8, 5m), Simple(14, 5m)];

        var written = await Store.ReplaceRangeAsync(symbol, Minute(5), Minute(15), fresh);

        Assert.Equal(3, written);
        var expected = old.GetRange(0, 5).Select((b, i) => i == 3 ? new StoredBar(Bar.Merge(b, b, b.Start), 1) : new StoredBar(b, 0))
            .Concat(fresh.Select(b => new StoredBar(b, 0)))
            .Concat(old.GetRange(15, 5).Select(b => new StoredBar(b, 0)));
        Assert.Equal(expected, await ReadAllAsync(symbol));
        Assert.Equal(old.Select(b => new StoredBar(b, 0)), await ReadAllAsync(other));
    }

    [Fact]
    public async Task ReplaceRange_reports_progress_every_ten_thousand_bars_and_at_the_end()
    {
        var symbol = NewSymbol();
        var progress = new RecordingProgress();

        var written = await Store.ReplaceRangeAsync(symbol, Minute0, Minute(30_000), Series(0, 25_000), progress);

        Assert.Equal(25_000, written);
        Assert.Equal([10_000L, 20_000L, 25_000L], progress.Reports);
        Assert.Equal(25_000, (await ReadAllAsync(symbol, 30_000)).Count);
    }

    [Fact]
    public async Task ReplaceRange_with_no_bars_empties_the_range_and_reports_zero()
    {
        var symbol = NewSymbol();
        await Store.MergeAsync([.. Series(0, 5).Select(b => new SymbolBar(symbol, b))]);
        var progress = new RecordingProgress();

        var written = await Store.ReplaceRangeAsync(symbol, Minute(1), Minute(4), [], progress);

        Assert.Equal(0, written);
        Assert.Equal([0L], progress.Reports);
        Assert.Equal([Simple(0), Simple(4)], (await ReadAllAsync(symbol)).Select(s => s.Bar));
    }

    [Fact]
    public async Task ReplaceRange_is_atomic_for_readers_who_see_all_old_bars_or_all_new_ones()
    {
        var symbol = NewSymbol();
        var old = Series(0, 20_000, tag: 1m, step: 3);
        var fresh = Series(1, 30_000, tag: 2m, step: 2);
        await Store.ReplaceRangeAsync(symbol, Minute0, Minute(60_000), old);
        var oldPrint = Fingerprint(old);
        var freshPrint = Fingerprint(fresh);

        var observed = new List<(int, long)>();
        var midway = new List<(int, long)>();
        using var done = new CancellationTokenSource();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var print = Fingerprint((await ReadAllAsync(symbol, 60_000)).Select(s => s.Bar));
                lock (observed)
                {
                    observed.Add(print);
                }

                reading.TrySetResult();
            }
        });
        await reading.Task;

        // Reads from inside the stream, while the store has written part of it, see the old bars.
        IEnumerable<Bar> Streamed()
        {
            for (var i = 0; i < fresh.Count; i++)
            {
                if (i is 1 or 15_000 or 29_999)
                {
                    midway.Add(Fingerprint(ReadAllAsync(symbol, 60_000).GetAwaiter().GetResult().Select(s => s.Bar)));
                }

                yield return fresh[i];
            }
        }

        await Store.ReplaceRangeAsync(symbol, Minute0, Minute(60_000), Streamed());
        await done.CancelAsync();
        await reader;

        Assert.Equal([oldPrint, oldPrint, oldPrint], midway);
        Assert.NotEmpty(observed);
        Assert.All(observed, print => Assert.True(print == oldPrint || print == freshPrint, $"a reader saw a mix: {print}"));
        Assert.Equal(freshPrint, Fingerprint((await ReadAllAsync(symbol, 60_000)).Select(s => s.Bar)));
    }

    [Fact]
    public async Task ReplaceRange_cancelled_midway_keeps_the_old_bars_and_the_store_usable()
    {
        var symbol = NewSymbol();
        var old = Series(0, 100, tag: 1m);
        await Store.MergeAsync([.. old.Select(b => new SymbolBar(symbol, b))]);
        using var cancellation = new CancellationTokenSource();

        IEnumerable<Bar> CancelledAtFiveThousand()
        {
            foreach (var (bar, i) in Series(0, 20_000, tag: 2m).Select((b, i) => (b, i)))
            {
                if (i == 5_000)
                {
                    cancellation.Cancel();
                }

                yield return bar;
            }
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.ReplaceRangeAsync(symbol, Minute0, Minute(20_000), CancelledAtFiveThousand(), cancellationToken: cancellation.Token));

        Assert.Equal(old.Select(b => new StoredBar(b, 0)), await ReadAllAsync(symbol));
        await Store.MergeAsync([new SymbolBar(symbol, Simple(200))]);
        Assert.Equal(101, (await ReadAllAsync(symbol)).Count);
    }

    [Theory]
    [InlineData("descending", "not after the bar before it")]
    [InlineData("duplicate", "not after the bar before it")]
    [InlineData("outside", "outside the replaced range")]
    [InlineData("unaligned", "not on a minute")]
    public async Task ReplaceRange_with_a_bad_bar_midway_throws_and_keeps_the_old_bars(string fault, string message)
    {
        var symbol = NewSymbol();
        var old = Series(0, 50, tag: 1m);
        await Store.MergeAsync([.. old.Select(b => new SymbolBar(symbol, b))]);
        var fresh = Series(0, 1_000, tag: 2m);
        fresh[500] = fault switch
        {
            "descending" => Simple(10, 2m),
            "duplicate" => fresh[499],
            "outside" => Simple(5_000, 2m),
            _ => fresh[500] with { Start = fresh[500].Start.AddSeconds(1), FirstTime = fresh[500].LastTime },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.ReplaceRangeAsync(symbol, Minute0, Minute(1_000), fresh));

        Assert.Equal("bars", error.ParamName);
        Assert.Contains($"bars[500] ({symbol})", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(old.Select(b => new StoredBar(b, 0)), await ReadAllAsync(symbol));
    }
}
