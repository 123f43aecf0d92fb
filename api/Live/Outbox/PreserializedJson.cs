using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansTicks.Api.Live.Outbox;

/// <summary>A message argument serialized once and written as it is into every connection's message. A symbol's
/// update goes to every watcher on the node: serializing it per connection cost as much as everything else on the
/// fan-out path together.</summary>
[JsonConverter(typeof(PreserializedJsonConverter))]
internal sealed class PreserializedJson(byte[] utf8)
{
    /// <summary>The options the hub's JSON protocol would use for these payloads: every contract type names its
    /// properties explicitly, so the web defaults give the same text.</summary>
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The UTF-8 JSON text.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; } = utf8;

    /// <summary>Serializes <paramref name="value"/> (as its runtime type).</summary>
    public static PreserializedJson Of(object value) => new(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Options));
}

/// <summary>Writes a <see cref="PreserializedJson"/> as raw JSON; it is never read.</summary>
internal sealed class PreserializedJsonConverter : JsonConverter<PreserializedJson>
{
    public override PreserializedJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Pre-serialized JSON is only written.");

    public override void Write(Utf8JsonWriter writer, PreserializedJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true); // our own serializer's output
}
