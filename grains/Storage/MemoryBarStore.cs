using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Storage;

/// <summary>An <see cref="IBarStore"/> in process memory, with the semantics of the SQL stores: merges and
/// replacements are all-or-nothing, and a reader sees every bar of a range from before a replacement or every bar
/// from after it. For tests, benchmarks and <c>Storage:Provider=Memory</c>; bars are lost at exit.</summary>
/// <remarks>Each symbol's bars are one list sorted by minute. Writes build their result first (a replacement streams
/// its bars into a new list without holding the lock) and then swap it in under the lock, which readers take to copy
/// their range.</remarks>
public sealed partial class MemoryBarStore : IBarStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<StoredBar>> _bySymbol = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task MergeAsync(IReadOnlyList<SymbolBar> bars, CancellationToken cancellationToken = default) =>
        Complete(() =>
        {
            var batch = MergeBatch.Combine(bars, nameof(bars));
            cancellationToken.ThrowIfCancellationRequested();
            lock (_lock)
            {
                ApplyRows(PlanRows(batch));
            }

            return true;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredBar>> ReadAsync(string symbol, DateTime from, DateTime to, CancellationToken cancellationToken = default) =>
        Complete<IReadOnlyList<StoredBar>>(() =>
        {
            BarRules.CheckSymbol(symbol, nameof(symbol));
            BarRules.CheckRange(from, to);
            cancellationToken.ThrowIfCancellationRequested();
            lock (_lock)
            {
                if (!_bySymbol.TryGetValue(symbol, out var list))
                {
                    return [];
                }

                var start = LowerBound(list, from.Ticks);
                return list.GetRange(start, LowerBound(list, to.Ticks) - start);
            }
        });

    /// <inheritdoc />
    public Task<StoredBar?> ReadLatestBeforeAsync(string symbol, DateTime before, CancellationToken cancellationToken = default) =>
        Complete<StoredBar?>(() =>
        {
            BarRules.CheckSymbol(symbol, nameof(symbol));
            cancellationToken.ThrowIfCancellationRequested();
            lock (_lock)
            {
                if (!_bySymbol.TryGetValue(symbol, out var list))
                {
                    return null;
                }

                var index = LowerBound(list, before.Ticks) - 1;
                return index >= 0 ? list[index] : null;
            }
        });

    /// <inheritdoc />
    public Task<bool> HasBarsAsync(string symbol, DateTime? before = null, CancellationToken cancellationToken = default) =>
        Complete(() =>
        {
            BarRules.CheckSymbol(symbol, nameof(symbol));
            cancellationToken.ThrowIfCancellationRequested();
            lock (_lock)
            {
                return _bySymbol.TryGetValue(symbol, out var list) && list.Count > 0 && list[0].Bar.Start < (before ?? DateTime.MaxValue);
            }
        });

    /// <inheritdoc />
    public Task<long> ReplaceRangeAsync(string symbol, DateTime from, DateTime to, IEnumerable<Bar> bars, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        Complete(() =>
        {
            var replacement = new ReplacementBars(symbol, from, to, bars, progress);
            var fresh = new List<StoredBar>();
            foreach (var bar in replacement.Enumerate(cancellationToken))
            {
                fresh.Add(new StoredBar(bar, 0));
            }

            cancellationToken.ThrowIfCancellationRequested();
            lock (_lock)
            {
                var list = _bySymbol.TryGetValue(symbol, out var existing) ? existing : [];
                var start = LowerBound(list, from.Ticks);
                var end = LowerBound(list, to.Ticks);
                var result = new List<StoredBar>(list.Count - (end - start) + fresh.Count);
                result.AddRange(list.GetRange(0, start));
                result.AddRange(fresh);
                result.AddRange(list.GetRange(end, list.Count - end));
                _bySymbol[symbol] = result;
            }

            replacement.ReportCompleted();
            return replacement.Count;
        });

    /// <summary>The rows a merge of <paramref name="batch"/> writes, computed before any is: a decimal overflow in
    /// <see cref="Bar.Merge"/> must leave nothing half-applied. Call under the lock.</summary>
    private (List<StoredBar> Bars, int Index, bool Exists, StoredBar Row)[] PlanRows(List<MergedBar> batch)
    {
        var rows = new (List<StoredBar> Bars, int Index, bool Exists, StoredBar Row)[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var (symbol, bar, count) = batch[i];
            var list = _bySymbol.TryGetValue(symbol, out var existing) ? existing : [];
            var index = LowerBound(list, bar.Start.Ticks);
            var exists = index < list.Count && list[index].Bar.Start.Ticks == bar.Start.Ticks;
            rows[i] = (list, index, exists, exists
                ? new StoredBar(Bar.Merge(list[index].Bar, bar, list[index].Bar.Start), list[index].Revision + count)
                : new StoredBar(bar, count - 1));
            _bySymbol.TryAdd(symbol, list);
        }

        return rows;
    }

    /// <summary>Writes the rows of <see cref="PlanRows"/>. Call under the lock.</summary>
    private static void ApplyRows((List<StoredBar> Bars, int Index, bool Exists, StoredBar Row)[] rows)
    {
        // Rows are ordered by minute per symbol, so inserting from the last keeps earlier indexes valid.
        for (var i = rows.Length - 1; i >= 0; i--)
        {
            var (list, index, exists, row) = rows[i];
            if (exists)
            {
                list[index] = row;
            }
            else
            {
                list.Insert(index, row);
            }
        }
    }

    /// <summary>The index of the first bar starting at or after <paramref name="ticks"/>.</summary>
    private static int LowerBound(List<StoredBar> list, long ticks)
    {
        int low = 0, high = list.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (list[middle].Bar.Start.Ticks < ticks)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>Runs synchronous work as a completed task, so that callers see errors and cancellation the way the
    /// SQL stores report them: in the returned task, not thrown by the call.</summary>
    private static Task<T> Complete<T>(Func<T> work)
    {
        try
        {
            return Task.FromResult(work());
        }
        catch (OperationCanceledException canceled) when (canceled.CancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(canceled.CancellationToken);
        }
        catch (Exception exception)
        {
            return Task.FromException<T>(exception);
        }
    }
}
