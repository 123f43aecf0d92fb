using System.Buffers;
using System.Text.Json;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Api.Live.Finnhub;

/// <summary>Finnhub's WebSocket trade protocol: what clients send (<c>{"type":"subscribe","symbol":"AAPL"}</c>,
/// <c>unsubscribe</c>) and what the server pushes (<c>trade</c>, <c>ping</c>, <c>error</c>).</summary>
internal static class FinnhubMessages
{
    /// <summary>A client message, read leniently: unknown properties are ignored.</summary>
    /// <param name="Type">subscribe, unsubscribe, ping or pong; null when absent or not a string.</param>
    /// <param name="Symbol">The symbol named; null when absent or not a string.</param>
    public readonly record struct Request(string? Type, string? Symbol);

    /// <summary>Reads a client message; null when it is not a JSON object.</summary>
    public static Request? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new Request(StringOrNull(document.RootElement, "type"), StringOrNull(document.RootElement, "symbol"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static byte[] Ping() => """{"type":"ping"}"""u8.ToArray();

    public static byte[] Error(string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteString("msg", message);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes <c>{"type":"trade","data":[{"s","p","v","t" (unix ms),"c":null}, ...]}</c>: each quote's last trade.</summary>
    public static void WriteTrades(IBufferWriter<byte> output, IReadOnlyList<Quote> quotes)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        foreach (var quote in quotes)
        {
            writer.WriteStartObject();
            writer.WriteString("s", quote.Symbol);
            writer.WriteNumber("p", quote.Price);
            writer.WriteNumber("v", quote.Size);
            writer.WriteNumber("t", new DateTimeOffset(quote.Time).ToUnixTimeMilliseconds());
            writer.WriteNull("c");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("type", "trade");
        writer.WriteEndObject();
    }

    private static string? StringOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
