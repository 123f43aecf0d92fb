using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansTicks.Runtime.Storage;

/// <summary>Checks <see cref="PostgresStorageOptions"/> at start, naming the bad setting.</summary>
internal sealed class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        name ??= PersistentStateAttribute.DefaultStorageName;
        var setting = StorageConfiguration.SettingPath(PostgresStorageOptions.SectionName, name, nameof(options.ConnectionString));
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{setting} (or ConnectionStrings:{PostgresStorageOptions.ConnectionStringName}) of PostgreSQL grain storage '{name}' is required, " +
                "e.g. \"Host=127.0.0.1;Port=5432;Username=orleansticks;Database=orleansticks\".");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            return ValidateOptionsResult.Fail($"{setting} of PostgreSQL grain storage '{name}' is not a valid connection string: {exception.Message}");
        }

        return string.IsNullOrWhiteSpace(builder.Host)
            ? ValidateOptionsResult.Fail($"{setting} of PostgreSQL grain storage '{name}' names no Host.")
            : ValidateOptionsResult.Success;
    }
}
