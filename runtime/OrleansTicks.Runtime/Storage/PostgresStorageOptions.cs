namespace OrleansTicks.Runtime.Storage;

/// <summary>Settings of <see cref="PostgresGrainStorage"/>, bound from the configuration section
/// <c>Storage:Postgres</c> and then <c>Storage:Postgres:{name}</c> for the provider's name.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Storage:Postgres";

    /// <summary>The name under <c>ConnectionStrings</c> used when the section sets no connection string.</summary>
    public const string ConnectionStringName = "Postgres";

    /// <summary>The Npgsql connection string (<c>Storage:Postgres:ConnectionString</c>, falling back to
    /// <c>ConnectionStrings:Postgres</c>). Required.</summary>
    public string? ConnectionString { get; set; }
}
