using Npgsql;

namespace OrleansTicks.Runtime.Storage;

/// <summary>Connection pool sizes for the process's PostgreSQL data sources. Npgsql's default of 100 connections per
/// pool is sized for one pool per server; a silo has several (grain storage, bar store, membership), and a cluster
/// has several silos and api nodes, so the defaults would add up to far more than PostgreSQL's
/// <c>max_connections</c> (100 unless configured) and fail with "too many clients" under load. Each data source gets
/// a small default instead; a <c>Maximum Pool Size</c> in the connection string still wins.</summary>
public static class PostgresPools
{
    /// <summary>Grain storage: state writes of many grains at once.</summary>
    public const int GrainStorage = 24;

    /// <summary>The bar store: checkpoint commits (one at a time) and history reads.</summary>
    public const int BarStore = 16;

    /// <summary>Membership: a heartbeat and a read every few seconds.</summary>
    public const int Membership = 4;

    /// <summary><paramref name="connectionString"/> with <c>Maximum Pool Size</c> set to
    /// <paramref name="defaultMaxPoolSize"/> unless it names one itself.</summary>
    public static string WithDefaultMaxPoolSize(string connectionString, int defaultMaxPoolSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultMaxPoolSize, 1);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Npgsql's keyword and its synonym, spaces and case aside (the builder has already refused anything else).
        var named = connectionString.Split(';').Select(static part => part.Split('=')[0].Replace(" ", "", StringComparison.Ordinal).Trim())
            .Any(static key => key.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase) || key.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase));
        if (!named)
        {
            builder.MaxPoolSize = defaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }
}
