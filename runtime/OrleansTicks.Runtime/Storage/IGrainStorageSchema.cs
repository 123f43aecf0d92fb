namespace OrleansTicks.Runtime.Storage;

/// <summary>A storage provider whose tables must exist before it is used; the silo runs
/// <see cref="EnsureSchemaAsync"/> of every registered one at start.</summary>
internal interface IGrainStorageSchema
{
    /// <summary>Creates the provider's tables if they do not exist. Idempotent and safe to run concurrently.</summary>
    Task EnsureSchemaAsync(CancellationToken cancellationToken = default);
}
