namespace OrleansTicks.Runtime.Storage;

/// <summary>Marks a keyed <see cref="IGrainStorage"/> whose schema <see cref="GrainStorageSchemaInitializer"/>
/// creates at start.</summary>
/// <param name="StorageName">The provider's name (its service key).</param>
internal sealed record GrainStorageSchemaRegistration(string StorageName);
