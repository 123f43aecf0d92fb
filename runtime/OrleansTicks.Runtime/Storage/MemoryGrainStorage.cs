using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansTicks.Runtime.Storage;

/// <summary>An <see cref="IGrainStorage"/> that keeps records in process memory, for tests and single-silo
/// development. It stores serialized bytes, never the live object, and versions records exactly like the SQL
/// providers (ETag = version number; a clear leaves a tombstone with the next version, so versions only grow and an
/// ETag is never reused), so a grain behaves the same against it. Thread-safe and lock-free: writes and clears are
/// compare-and-swap operations on an immutable record.</summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainStorageKey, MemoryGrainStorageRecord> _records = new();
    private readonly IGrainStorageSerializer _serializer;
    private readonly ILogger _logger;

    /// <summary>Creates an empty store.</summary>
    /// <param name="serializer">Turns state into the stored bytes and back.</param>
    /// <param name="logger">The logger; <c>null</c> for none.</param>
    public MemoryGrainStorage(IGrainStorageSerializer serializer, ILogger<MemoryGrainStorage>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        _serializer = serializer;
        _logger = logger ?? NullLogger<MemoryGrainStorage>.Instance;
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
    {
        GrainStorageCommon.ValidateArguments(stateName, grainId, grainState);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            if (!_records.TryGetValue(new GrainStorageKey(grainId.Type, grainId.Key, stateName), out var record))
            {
                GrainStorageCommon.ApplyMissing(grainState);
            }
            else if (record.Payload is null)
            {
                GrainStorageCommon.ApplyTombstone(grainState, record.Version);
            }
            else
            {
                GrainStorageCommon.ApplyRecord(_serializer, _logger, stateName, grainId, grainState, record.Version, record.Payload);
            }

            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
    {
        GrainStorageCommon.ValidateArguments(stateName, grainId, grainState);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            var key = new GrainStorageKey(grainId.Type, grainId.Key, stateName);
            var payload = _serializer.Serialize(grainState.State);
            var held = grainState.ETag;
            long written;
            if (held is null)
            {
                // Fails when the key has a record or a tombstone alike: the writer must read the tombstone's ETag first.
                written = GrainStateETag.InitialVersion;
                if (!_records.TryAdd(key, new MemoryGrainStorageRecord(written, payload)))
                {
                    throw Conflict(GrainStorageCommon.WriteOperation, key, stateName, grainId, held);
                }
            }
            else
            {
                if (!GrainStateETag.TryParse(held, out var expected)
                    || !_records.TryGetValue(key, out var current)
                    || current.Version != expected)
                {
                    throw Conflict(GrainStorageCommon.WriteOperation, key, stateName, grainId, held);
                }

                written = expected + 1;
                if (!_records.TryUpdate(key, new MemoryGrainStorageRecord(written, payload), current))
                {
                    throw Conflict(GrainStorageCommon.WriteOperation, key, stateName, grainId, held);
                }
            }

            grainState.ETag = GrainStateETag.Format(written);
            grainState.RecordExists = true;
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
    {
        GrainStorageCommon.ValidateArguments(stateName, grainId, grainState);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            var key = new GrainStorageKey(grainId.Type, grainId.Key, stateName);
            var held = grainState.ETag;
            if (held is null)
            {
                // Nothing to clear is only consistent if nothing, not even a tombstone, is stored.
                if (_records.ContainsKey(key))
                {
                    throw Conflict(GrainStorageCommon.ClearOperation, key, stateName, grainId, held);
                }

                GrainStorageCommon.ApplyMissing(grainState);
                return Task.CompletedTask;
            }

            // The record becomes a tombstone with the next version. Clearing a tombstone succeeds as well and moves the version
            // on again, like every successful write or clear, so of contenders holding one ETag exactly one wins.
            if (!GrainStateETag.TryParse(held, out var expected)
                || !_records.TryGetValue(key, out var current)
                || current.Version != expected
                || !_records.TryUpdate(key, new MemoryGrainStorageRecord(expected + 1, payload: null), current))
            {
                throw Conflict(GrainStorageCommon.ClearOperation, key, stateName, grainId, held);
            }

            GrainStorageCommon.ApplyTombstone(grainState, expected + 1);
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    private InconsistentStateException Conflict(string operation, GrainStorageKey key, string stateName, GrainId grainId, string? held) =>
        GrainStorageCommon.Conflict(
            _logger, operation, stateName, grainId, _records.TryGetValue(key, out var stored) ? new StoredVersion(stored.Version, stored.Payload is null) : null, held);
}
