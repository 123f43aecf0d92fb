namespace OrleansTicks.Runtime.Storage;

/// <summary>Persistent state injected into a grain's constructor by a parameter marked with
/// <see cref="PersistentStateAttribute"/> (the Orleans <c>IPersistentState&lt;T&gt;</c>). It is read before
/// <c>OnActivateAsync</c> and, if it changed, written when the activation is deactivated.</summary>
public interface IPersistentState<T> : IGrainState<T>
{
    /// <summary>Re-reads the state from storage.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes the state to storage.</summary>
    /// <exception cref="InconsistentStateException">Another writer changed the record since it was read:
    /// the runtime deactivates this activation so the next call re-reads it.</exception>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Clears the stored record (it becomes a tombstone with a new version, so an older ETag can never
    /// match again) and resets the state to a new default value.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{T}"/>: the runtime
/// supplies the state named <paramref name="stateName"/> from the storage provider
/// <paramref name="storageName"/> (default <c>Default</c>).</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class PersistentStateAttribute(string stateName, string storageName = PersistentStateAttribute.DefaultStorageName) : Attribute
{
    /// <summary>The name of the storage provider used when none is given.</summary>
    public const string DefaultStorageName = "Default";

    /// <summary>The state's name, part of its storage key.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The storage provider's name.</summary>
    public string StorageName { get; } = storageName;
}

/// <summary>A conditional write or clear found a different ETag in storage than the one it held: someone
/// else (a second activation, another process) wrote the record.</summary>
public sealed class InconsistentStateException(string message, string? storedETag, string? currentETag) : Exception(message)
{
    /// <summary>The ETag found in storage (null: no record).</summary>
    public string? StoredETag { get; } = storedETag;

    /// <summary>The ETag the writer held.</summary>
    public string? CurrentETag { get; } = currentETag;
}
