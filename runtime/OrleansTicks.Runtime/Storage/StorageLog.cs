using Microsoft.Extensions.Logging;

namespace OrleansTicks.Runtime.Storage;

/// <summary>Log events of the grain storage providers; event ids 3000-3099.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Grain storage '{StorageName}' ({Provider}): schema is ready in {Elapsed}")]
    public static partial void SchemaReady(this ILogger logger, string storageName, string provider, TimeSpan elapsed);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Grain storage '{StorageName}' ({Provider}): creating the schema failed")]
    public static partial void SchemaFailed(this ILogger logger, Exception exception, string storageName, string provider);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "{Operation} of state {StateName} of {GrainId} conflicted: held ETag {CurrentETag}, stored {StoredETag} ({StoredRecord} record)")]
    public static partial void ETagConflict(this ILogger logger, string operation, string stateName, GrainId grainId, string currentETag, string storedETag, string storedRecord);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Error, Message = "Stored state {StateName} of {GrainId} (ETag {ETag}) could not be deserialized as {StateType}")]
    public static partial void DeserializationFailed(this ILogger logger, Exception exception, string stateName, GrainId grainId, string eTag, string stateType);
}
