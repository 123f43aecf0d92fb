namespace OrleansTicks.Grains.Storage;

/// <summary>A bar store whose table must exist before it is used; <see cref="BarStoreSchemaInitializer"/> runs
/// <see cref="EnsureSchemaAsync"/> when the host starts.</summary>
internal interface IBarStoreSchema
{
    /// <summary>Creates the table if it does not exist. Idempotent and safe to run concurrently.</summary>
    Task EnsureSchemaAsync(CancellationToken cancellationToken = default);
}
