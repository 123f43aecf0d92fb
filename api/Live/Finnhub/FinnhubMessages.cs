using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Api.Live.Finnhub;

/// <summary>Finnhub's WebSocket trade protocol: what clients send (<c>{"type":"subscribe","symbol":"AAPL"}</c>,
/// <c>unsubscribe</c>) and what the server pushes (<c>trade</c>, <c>ping</c>, <c>error</c>).</summary>
internal static class FinnhubMessages
{
    /// <summary>A client message, read leniently: unknown properties are ignored.</summary>
    /// <param name="Type">subscribe, unsubscribe, ping or pong (any other string is refused by the session).</param>
    /// <param name="Symbol">The symbol named; null when absent.</param>
    public readonly record struct Request(string Type, string? Symbol);

    /// <summary>What a message that is not even a JSON object is told.</summary>
    public const string NotAnObject = "a message is a JSON object such as {\"type\":\"subscribe\",\"symbol\":\"AAPL\"}";

    /// <summary>Reads a client message: one JSON object whose <c>type</c> (and <c>symbol</c>, when given) are strings,
    /// each given once, as which of two would count is a guess. Null, with <paramref name="problem"/> saying what is
    /// wrong, otherwise.</summary>
    public static Request? Parse(ReadOnlyMemory<byte> utf8, out string? problem)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8); // one value and nothing after it
        }
        catch (JsonException)
        {
            problem = NotAnObject;
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = NotAnObject;
                return null;
            }

            JsonElement? type = null, symbol = null;
            foreach (var property in root.EnumerateObject())
            {
                ref var field = ref type;
                if (property.NameEquals("symbol"))
                {
                    field = ref symbol;
                }
                else if (!property.NameEquals("type"))
                {
                    continue;
                }

                if (field is not null)
                {
                    problem = $"'{property.Name}' is given twice";
                    return null;
                }

                field = property.Value;
            }

            problem = type is not { ValueKind: JsonValueKind.String }
                ? "a message needs a \"type\" string: subscribe or unsubscribe"
                : symbol is { ValueKind: not JsonValueKind.String }
                    ? "\"symbol\" must be a string such as \"AAPL\""
                    : null;
            return problem is null ? new Request(type!.Value.GetString()!, symbol?.GetString()) : null;
        }
    }

    // Error messages quote what the client sent ('ZZZZ'); the default encoder would write each quote as \u0027.
    private static readonly JsonWriterOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Ping() => """{"type":"ping"}"""u8.ToArray();

    public static byte[] Error(string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, Readable))
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
}
