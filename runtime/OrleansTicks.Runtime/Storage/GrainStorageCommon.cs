using Microsoft.Extensions.Logging;

namespace OrleansTicks.Runtime.Storage;

/// <summary>What every provider does the same way: argument checks, turning a stored payload back into state, and
/// reporting an ETag conflict.</summary>
internal static class GrainStorageCommon
{
    public const string WriteOperation = "Write";
    public const string ClearOperation = "Clear";

    public static void ValidateArguments<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        if (grainId.Type is null || grainId.Key is null)
        {
            throw new ArgumentException("The grain id has no type or no key (is it default(GrainId)?).", nameof(grainId));
        }
    }

    /// <summary>Sets <paramref name="grainState"/> from a stored record.</summary>
    public static void ApplyRecord<T>(IGrainStorageSerializer serializer, ILogger logger, string stateName, GrainId grainId, IGrainState<T> grainState, long version, ReadOnlySpan<byte> payload)
    {
        T state;
        try
        {
            state = serializer.Deserialize<T>(payload);
        }
        catch (Exception exception)
        {
            logger.DeserializationFailed(exception, stateName, grainId, GrainStateETag.Format(version), typeof(T).FullName ?? typeof(T).Name);
            throw;
        }

        grainState.State = state;
        grainState.ETag = GrainStateETag.Format(version);
        grainState.RecordExists = true;
    }

    /// <summary>Marks <paramref name="grainState"/> as having no stored record, leaving its state as it is.</summary>
    public static void ApplyMissing<T>(IGrainState<T> grainState)
    {
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Marks <paramref name="grainState"/> as cleared: no record, but the ETag of the tombstone that stands in
    /// its place, which the next write must hold. Its state is left as it is.</summary>
    public static void ApplyTombstone<T>(IGrainState<T> grainState, long version)
    {
        grainState.ETag = GrainStateETag.Format(version);
        grainState.RecordExists = false;
    }

    /// <summary>Builds (and logs) the exception of a conditional write or clear that found another ETag.</summary>
    /// <param name="logger">Where the conflict is logged (at debug: the caller decides how loud it is).</param>
    /// <param name="operation"><see cref="WriteOperation"/> or <see cref="ClearOperation"/>.</param>
    /// <param name="stateName">The state's name.</param>
    /// <param name="grainId">The grain.</param>
    /// <param name="stored">What is stored now, if the provider knows it; null when no row (not even a tombstone)
    /// exists.</param>
    /// <param name="currentETag">The ETag the caller held.</param>
    public static InconsistentStateException Conflict(ILogger logger, string operation, string stateName, GrainId grainId, StoredVersion? stored, string? currentETag)
    {
        var storedETag = stored is { } found ? GrainStateETag.Format(found.Version) : null;
        var storedRecord = stored switch
        {
            null => "no",
            { IsTombstone: true } => "cleared",
            _ => "live",
        };
        logger.ETagConflict(operation, stateName, grainId, currentETag ?? "<none>", storedETag ?? "<none>", storedRecord);
        var holds = stored switch
        {
            null => "no record",
            { IsTombstone: true } => $"ETag {storedETag} of a cleared record",
            _ => $"ETag {storedETag}",
        };
        return new InconsistentStateException(
            $"{operation} of state '{stateName}' of grain {grainId} failed: the caller held ETag {currentETag ?? "<none>"} " +
            $"but storage holds {holds}. Another activation or process changed the record; re-read it.",
            storedETag,
            currentETag);
    }
}
