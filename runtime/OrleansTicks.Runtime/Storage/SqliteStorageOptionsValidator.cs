using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace OrleansTicks.Runtime.Storage;

/// <summary>Checks <see cref="SqliteStorageOptions"/> at start, naming the bad setting.</summary>
internal sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        name ??= PersistentStateAttribute.DefaultStorageName;
        var failures = new List<string>();
        var connectionStringSetting = StorageConfiguration.SettingPath(SqliteStorageOptions.SectionName, name, nameof(options.ConnectionString));
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{connectionStringSetting} (or ConnectionStrings:{SqliteStorageOptions.ConnectionStringName}) of SQLite grain storage '{name}' is empty.");
        }
        else if (Describe(options.ConnectionString) is { } problem)
        {
            failures.Add($"{connectionStringSetting} of SQLite grain storage '{name}' {problem}");
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"{StorageConfiguration.SettingPath(SqliteStorageOptions.SectionName, name, nameof(options.BusyTimeout))} of SQLite grain storage '{name}' must be positive and under 24 days; it is {options.BusyTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? Describe(string connectionString)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            return $"is not a valid connection string: {exception.Message}";
        }

        return SqliteDatabase.IsInMemoryDatabase(builder)
            ? "names an in-memory or temporary database; every operation opens its own connection, so it would see an empty database. Use a file, or AddMemoryGrainStorage."
            : null;
    }
}
