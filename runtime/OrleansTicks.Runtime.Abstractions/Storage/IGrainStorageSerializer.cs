namespace OrleansTicks.Runtime.Storage;

/// <summary>Turns grain state into bytes and back; shared by every storage provider so that a state written by
/// one engine reads the same in another.</summary>
public interface IGrainStorageSerializer
{
    /// <summary>Serializes <paramref name="value"/>.</summary>
    byte[] Serialize<T>(T value);

    /// <summary>Deserializes a payload written by <see cref="Serialize{T}"/>.</summary>
    T Deserialize<T>(ReadOnlySpan<byte> payload);
}
