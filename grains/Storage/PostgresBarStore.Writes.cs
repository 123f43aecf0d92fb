using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Storage;

/// <summary>The writes of <see cref="PostgresBarStore"/>.</summary>
public sealed partial class PostgresBarStore
{
    /// <inheritdoc />
    public async Task MergeAsync(IReadOnlyList<SymbolBar> bars, CancellationToken cancellationToken = default)
    {
        var batch = MergeBatch.Combine(bars, nameof(bars));
        if (batch.Count == 0)
        {
            return;
        }

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One statement: atomic on its own, no explicit transaction needed.
            using var command = new NpgsqlCommand(PostgresBarSchema.Merge, connection);
            AddMergeParameters(command.Parameters, batch);
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<long> ReplaceRangeAsync(string symbol, DateTime from, DateTime to, IEnumerable<Bar> bars, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var replacement = new ReplacementBars(symbol, from, to, bars, progress);
        var started = Stopwatch.GetTimestamp();
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                try
                {
                    await ExecuteAsync(connection, transaction, PostgresBarSchema.LockSymbol, symbol, null, null, cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, transaction, PostgresBarSchema.DeleteRange, symbol, from.Ticks, to.Ticks, cancellationToken).ConfigureAwait(false);
                    await CopyAsync(connection, symbol, replacement, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    // Disposing the transaction rolls it back (or the server does, if the connection broke).
                    _logger.ReplaceRolledBack(exception, symbol, from, to, replacement.Count);
                    throw;
                }
            }
        }

        replacement.ReportCompleted();
        _logger.RangeReplaced(symbol, from, to, replacement.Count, Stopwatch.GetElapsedTime(started));
        return replacement.Count;
    }

    /// <summary>Streams the bars into the table with binary COPY. Leaving without <c>Complete</c> (a bad bar, a
    /// cancellation) makes the importer's disposal cancel the COPY, which fails the transaction.</summary>
    private static async Task CopyAsync(NpgsqlConnection connection, string symbol, ReplacementBars replacement, CancellationToken cancellationToken)
    {
        var importer = await connection.BeginBinaryImportAsync(PostgresBarSchema.Copy, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var bar in replacement.Enumerate(cancellationToken))
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(symbol, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(bar.Start.Ticks, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(bar.Open, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(bar.High, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(bar.Low, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(bar.Close, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(bar.Volume, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(bar.Notional, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(bar.Trades, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(bar.FirstTime.Ticks, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(bar.FirstTradeId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(bar.LastTime.Ticks, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(bar.LastTradeId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(0, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Binds the arrays of <see cref="PostgresBarSchema.Merge"/> to a batch of distinct, sorted keys.</summary>
    private static void AddMergeParameters(NpgsqlParameterCollection parameters, List<MergedBar> batch)
    {
        var n = batch.Count;
        var symbols = new string[n];
        var minutes = new long[n];
        var opens = new decimal[n];
        var highs = new decimal[n];
        var lows = new decimal[n];
        var closes = new decimal[n];
        var volumes = new decimal[n];
        var notionals = new decimal[n];
        var trades = new long[n];
        var firstTimes = new long[n];
        var firstIds = new long[n];
        var lastTimes = new long[n];
        var lastIds = new long[n];
        var revisions = new int[n];
        for (var i = 0; i < n; i++)
        {
            var (symbol, bar, count) = batch[i];
            symbols[i] = symbol;
            minutes[i] = bar.Start.Ticks;
            opens[i] = bar.Open;
            highs[i] = bar.High;
            lows[i] = bar.Low;
            closes[i] = bar.Close;
            volumes[i] = bar.Volume;
            notionals[i] = bar.Notional;
            trades[i] = bar.Trades;
            firstTimes[i] = bar.FirstTime.Ticks;
            firstIds[i] = bar.FirstTradeId;
            lastTimes[i] = bar.LastTime.Ticks;
            lastIds[i] = bar.LastTradeId;
            revisions[i] = count - 1;
        }

        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = symbols });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = minutes });
        parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = opens });
        parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = highs });
        parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = lows });
        parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = closes });
        parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = volumes });
        parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = notionals });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = trades });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = firstTimes });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = firstIds });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = lastTimes });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = lastIds });
        parameters.Add(new NpgsqlParameter<int[]> { TypedValue = revisions });
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string symbol, long? from, long? to, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = symbol });
        if (from is { } fromTicks && to is { } toTicks)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromTicks });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = toTicks });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
