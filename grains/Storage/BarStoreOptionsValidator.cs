using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Storage;
using Npgsql;

namespace OrleansTicks.Grains.Storage;

/// <summary>Checks <see cref="BarStoreOptions"/> at start, naming the bad setting. Only the chosen engine's settings
/// matter: a missing PostgreSQL connection string is fine while bars live in SQLite.</summary>
internal sealed class BarStoreOptionsValidator : IValidateOptions<BarStoreOptions>
{
    public const string SqliteSetting = "ConnectionStrings:Sqlite (or Storage:Sqlite:ConnectionString)";

    public const string PostgresSetting = "ConnectionStrings:Postgres (or Storage:Postgres:ConnectionString)";

    public ValidateOptionsResult Validate(string? name, BarStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider switch
        {
            BarStoreProvider.Sqlite => ValidateSqlite(options),
            BarStoreProvider.Postgres => ValidatePostgres(options.PostgresConnectionString),
            BarStoreProvider.Memory => ValidateOptionsResult.Success,
            _ => ValidateOptionsResult.Fail(
                $"{BarStoreOptions.ProviderKey} is {(int)options.Provider}; valid: {string.Join(", ", Enum.GetNames<BarStoreProvider>())}."),
        };
    }

    private static ValidateOptionsResult ValidateSqlite(BarStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SqliteConnectionString))
        {
            failures.Add($"{SqliteSetting} of the SQLite bar store is empty, e.g. \"{BarStoreOptions.DefaultSqliteConnectionString}\".");
        }
        else
        {
            try
            {
                if (SqliteDatabase.IsInMemoryDatabase(new SqliteConnectionStringBuilder(options.SqliteConnectionString)))
                {
                    failures.Add($"{SqliteSetting} of the SQLite bar store names an in-memory or temporary database; every operation opens its own connection, so it would see an empty database. Use a file, or {BarStoreOptions.ProviderKey}=Memory.");
                }
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
            {
                failures.Add($"{SqliteSetting} of the SQLite bar store is not a valid connection string: {exception.Message}");
            }
        }

        if (options.SqliteBusyTimeout <= TimeSpan.Zero || options.SqliteBusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"Storage:Sqlite:BusyTimeout of the SQLite bar store must be positive and under 24 days; it is {options.SqliteBusyTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static ValidateOptionsResult ValidatePostgres(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{PostgresSetting} is required when {BarStoreOptions.ProviderKey} is Postgres (the bar store), " +
                "e.g. \"Host=127.0.0.1;Port=5432;Username=orleansticks;Database=orleansticks\".");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            return ValidateOptionsResult.Fail($"{PostgresSetting} of the PostgreSQL bar store is not a valid connection string: {exception.Message}");
        }

        return string.IsNullOrWhiteSpace(builder.Host)
            ? ValidateOptionsResult.Fail($"{PostgresSetting} of the PostgreSQL bar store names no Host.")
            : ValidateOptionsResult.Success;
    }
}
