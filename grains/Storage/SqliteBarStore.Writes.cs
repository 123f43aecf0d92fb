using System.Diagnostics;
using Microsoft.Data.Sqlite;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Storage;

/// <summary>The writes of <see cref="SqliteBarStore"/>: one writer at a time, one transaction per call.</summary>
public sealed partial class SqliteBarStore
{
    /// <inheritdoc />
    public async Task MergeAsync(IReadOnlyList<SymbolBar> bars, CancellationToken cancellationToken = default)
    {
        var batch = MergeBatch.Combine(bars, nameof(bars));
        if (batch.Count == 0)
        {
            return;
        }

        await InWriteTransactionAsync((connection, transaction) => MergeRows(connection, transaction, batch, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="write"/> as the process's only writer, in one <c>BEGIN IMMEDIATE</c> transaction
    /// (Microsoft.Data.Sqlite's default), so its reads happen under the database's write lock; commits if it returns
    /// and the call was not cancelled meanwhile. Leaving by an exception disposes the transaction, which rolls it back.</summary>
    private async Task InWriteTransactionAsync(Action<SqliteConnection, SqliteTransaction> write, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var transaction = connection.BeginTransaction();
                write(connection, transaction);
                cancellationToken.ThrowIfCancellationRequested();
                transaction.Commit();
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc />
    public async Task<long> ReplaceRangeAsync(string symbol, DateTime from, DateTime to, IEnumerable<Bar> bars, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var replacement = new ReplacementBars(symbol, from, to, bars, progress);
        var started = Stopwatch.GetTimestamp();
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var transaction = connection.BeginTransaction();
                try
                {
                    using (var delete = Command(connection, SqliteBarSchema.DeleteRange, symbol, from.Ticks, to.Ticks))
                    {
                        delete.Transaction = transaction;
                        delete.ExecuteNonQuery();
                    }

                    using var rows = new SqliteBarRows(connection, transaction);
                    foreach (var bar in replacement.Enumerate(cancellationToken))
                    {
                        rows.Write(symbol, bar, 0);
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    transaction.Commit();
                }
                catch (Exception exception)
                {
                    // Disposing the transaction rolls it back; readers never saw any of it (WAL).
                    _logger.ReplaceRolledBack(exception, symbol, from, to, replacement.Count);
                    throw;
                }
            }
        }
        finally
        {
            _writer.Release();
        }

        replacement.ReportCompleted();
        _logger.RangeReplaced(symbol, from, to, replacement.Count, Stopwatch.GetElapsedTime(started));
        return replacement.Count;
    }

    /// <summary>Merges a checked batch into the rows it touches, inside <paramref name="transaction"/>, which holds the
    /// write lock: every row is read and written under it.</summary>
    private static void MergeRows(SqliteConnection connection, SqliteTransaction transaction, List<MergedBar> batch, CancellationToken cancellationToken)
    {
        using var select = Command(connection, SqliteBarSchema.SelectOne, string.Empty, 0);
        select.Transaction = transaction;
        select.Prepare();
        using var rows = new SqliteBarRows(connection, transaction);
        foreach (var (symbol, bar, count) in batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            select.Parameters[0].Value = symbol;
            select.Parameters[1].Value = bar.Start.Ticks;
            StoredBar? existing = null;
            using (var reader = select.ExecuteReader())
            {
                if (reader.Read())
                {
                    existing = SqliteBarRows.Read(reader);
                }
            }

            if (existing is { } old)
            {
                rows.Write(symbol, Bar.Merge(old.Bar, bar, old.Bar.Start), old.Revision + count);
            }
            else
            {
                rows.Write(symbol, bar, count - 1);
            }
        }
    }
}
