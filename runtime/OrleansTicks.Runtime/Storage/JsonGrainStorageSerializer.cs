using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace OrleansTicks.Runtime.Storage;

/// <summary>Serializes grain state as UTF-8 JSON with <see cref="System.Text.Json"/>.</summary>
/// <remarks>The output for a given value is deterministic, so it can be compared byte for byte to tell whether a
/// state changed.</remarks>
public sealed class JsonGrainStorageSerializer : IGrainStorageSerializer
{
    private readonly JsonSerializerOptions _options;

    /// <summary>Creates a serializer.</summary>
    /// <param name="options">The options to use; <c>null</c> for <see cref="CreateDefaultOptions"/>.</param>
    public JsonGrainStorageSerializer(JsonSerializerOptions? options = null)
    {
        _options = options ?? CreateDefaultOptions();
    }

    /// <summary>The default options: <see cref="JsonSerializerDefaults.Web"/> (camelCase names, case-insensitive
    /// reading, which also binds records' constructor parameters), with every Unicode range written as is rather
    /// than \u-escaped, so non-ASCII text stays readable and compact in storage.</summary>
    /// <returns>A new, mutable options instance.</returns>
    public static JsonSerializerOptions CreateDefaultOptions() => new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <inheritdoc />
    public byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, _options);

    /// <inheritdoc />
    public T Deserialize<T>(ReadOnlySpan<byte> payload) => JsonSerializer.Deserialize<T>(payload, _options)!;
}
