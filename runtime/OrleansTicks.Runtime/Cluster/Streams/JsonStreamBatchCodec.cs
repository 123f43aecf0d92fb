using System.Buffers;
using System.Text.Json;

namespace OrleansTicks.Runtime.Cluster.Streams;

/// <summary>The default codec of cluster streams: the batch as a JSON array (web defaults).</summary>
public sealed class JsonStreamBatchCodec<T> : IStreamBatchCodec<T>
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public void Encode(ReadOnlySpan<T> items, IBufferWriter<byte> writer)
    {
        using var json = new Utf8JsonWriter(writer);
        json.WriteStartArray();
        foreach (var item in items)
        {
            JsonSerializer.Serialize(json, item, Options);
        }

        json.WriteEndArray();
    }

    /// <inheritdoc />
    public T[] Decode(ReadOnlySpan<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize<T[]>(payload, Options) ?? throw new FormatException("A stream batch is a JSON array, not null.");
        }
        catch (JsonException exception)
        {
            throw new FormatException($"A stream batch could not be read as JSON: {exception.Message}", exception);
        }
    }
}
