using Npgsql;
using OrleansTicks.Grains.Storage;

namespace OrleansTicks.Cluster.Tests;

/// <summary>Reads the stored 1-minute bars of a ledger's symbols straight from the cluster's PostgreSQL (the product's
/// own reader of <c>bars_1m</c>, no process of the cluster in between) and compares them with the ledger's bars.</summary>
public static class StoredLedgerBars
{
    public static async Task<LedgerBarReport> CompareAsync(string connectionString, Ledger ledger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var store = new PostgresBarStore(dataSource);
        var differences = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        int expectedBars = 0, storedBars = 0;
        long storedTrades = 0;
        foreach (var (symbol, expected) in ledger.ExpectedBars())
        {
            var stored = await store.ReadAsync(symbol, DateTime.MinValue, DateTime.MaxValue, cancellationToken);
            expectedBars += expected.Count;
            storedBars += stored.Count;
            storedTrades += stored.Sum(s => s.Bar.Trades);
            var found = BarDifferences.Between(expected, [.. stored.Select(s => s.Bar)]);
            if (found.Count > 0)
            {
                differences[symbol] = found;
            }
        }

        return new LedgerBarReport(ledger.Trades.Count, ledger.Schedule.Count, expectedBars, storedBars, storedTrades, differences);
    }
}
