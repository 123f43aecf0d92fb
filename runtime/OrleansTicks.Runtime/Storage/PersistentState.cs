using System.Diagnostics;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Diagnostics;

namespace OrleansTicks.Runtime.Storage;

/// <summary>What the activation needs of each persistent state it created, whatever its type.</summary>
internal interface IPersistentStateLifecycle
{
    string StateName { get; }

    Task ReadStateAsync(CancellationToken cancellationToken);

    /// <summary>Writes the state if it differs from what was last read or written.</summary>
    Task WriteIfChangedAsync(CancellationToken cancellationToken);
}

internal static class PersistentStateFactory
{
    public static IPersistentStateLifecycle Create(PersistentStateParameter parameter, GrainId grainId, IGrainStorage storage, IGrainStorageSerializer serializer, RuntimeMetrics metrics) =>
        (IPersistentStateLifecycle)Activator.CreateInstance(
            typeof(PersistentState<>).MakeGenericType(parameter.StateType), parameter.StateName, grainId, storage, serializer, new StateWriteTimer(parameter.StorageName, metrics))!;
}

/// <summary>Reports how long a state's writes take, under the name of its storage provider.</summary>
internal sealed class StateWriteTimer(string provider, RuntimeMetrics metrics)
{
    public void Record(long startTimestamp) => metrics.OnStateWritten(provider, Stopwatch.GetElapsedTime(startTimestamp));
}

/// <summary>The runtime's <see cref="IPersistentState{T}"/>. It remembers the serialized form of what storage
/// holds, so that deactivation writes only a state that really changed.</summary>
internal sealed class PersistentState<T> : IPersistentState<T>, IPersistentStateLifecycle
{
    private readonly GrainId _grainId;
    private readonly IGrainStorage _storage;
    private readonly IGrainStorageSerializer _fingerprint;
    private readonly StateWriteTimer _writeTimer;
    private byte[]? _stored;

    public PersistentState(string stateName, GrainId grainId, IGrainStorage storage, IGrainStorageSerializer serializer, StateWriteTimer writeTimer)
    {
        _writeTimer = writeTimer;
        StateName = stateName;
        _grainId = grainId;
        _storage = storage;
        _fingerprint = serializer;
        State = CreateDefault();
    }

    public string StateName { get; }

    public T State { get; set; }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        State = CreateDefault();
        await _storage.ReadStateAsync(StateName, _grainId, this, cancellationToken).ConfigureAwait(false);
        _stored = RecordExists ? _fingerprint.Serialize(State) : null;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await _storage.WriteStateAsync(StateName, _grainId, this, cancellationToken).ConfigureAwait(false);
        _writeTimer.Record(started);
        _stored = _fingerprint.Serialize(State);
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await _storage.ClearStateAsync(StateName, _grainId, this, cancellationToken).ConfigureAwait(false);
        State = CreateDefault();
        _stored = null;
    }

    public Task WriteIfChangedAsync(CancellationToken cancellationToken)
    {
        var current = _fingerprint.Serialize(State);
        if (_stored is null ? !RecordExists && current.AsSpan().SequenceEqual(_fingerprint.Serialize(CreateDefault())) : current.AsSpan().SequenceEqual(_stored))
        {
            return Task.CompletedTask;
        }

        return WriteStateAsync(cancellationToken);
    }

    private static T CreateDefault() =>
        typeof(T).IsValueType || typeof(T).GetConstructor(Type.EmptyTypes) is null ? default! : Activator.CreateInstance<T>();
}
