using System.Text.Json;

namespace OrleansTicks.Grains.Feeds.Yahoo;

/// <summary>Reads Yahoo's chart JSON (<c>/v8/finance/chart/{symbol}</c>):
/// <c>{"chart":{"result":[{"meta":{..},"timestamp":[..],"indicators":{"quote":[{"open":[..],"high":[..],"low":[..],
/// "close":[..],"volume":[..]}]}}],"error":null}}</c>, or <c>{"chart":{"result":null,"error":{"code":..,
/// "description":..}}}</c>. Numbers are read from their text as <see cref="decimal"/>, so a price is exactly what was
/// served. A structure that is not this one is a <see cref="FormatException"/> naming what is missing; a value that
/// is neither a number nor null only marks its own minute (<see cref="YahooMinute.Problem"/>). Runs once per symbol
/// and poll, so a <see cref="JsonDocument"/> is cheap enough.</summary>
internal static class YahooChartParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };
    private static readonly string[] Fields = ["open", "high", "low", "close", "volume"];

    /// <summary>Parses one answer.</summary>
    /// <exception cref="FormatException">The text is not JSON or not a chart.</exception>
    public static YahooChart Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"the answer is not JSON ({exception.Message})", exception);
        }

        using (document)
        {
            var chart = Property(document.RootElement, "chart", JsonValueKind.Object, "the answer")
                ?? throw new FormatException("the answer has no 'chart' object");
            if (chart.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
            {
                return new YahooChart(null, null, [], Describe(error));
            }

            if (Property(chart, "result", JsonValueKind.Array, "chart") is not { } results || results.GetArrayLength() == 0)
            {
                throw new FormatException("the answer has neither a 'chart.result' with an element nor a 'chart.error'");
            }

            return ParseResult(results[0]);
        }
    }

    private static YahooChart ParseResult(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"chart.result[0] is {result.ValueKind}, not an object");
        }

        var meta = Property(result, "meta", JsonValueKind.Object, "chart.result[0]");
        var symbol = meta is { } m ? Text(m, "symbol") : null;
        var granularity = meta is { } g ? Text(g, "dataGranularity") : null;

        // Before the day's first trade Yahoo leaves out the timestamps and sends an empty quote.
        if (Property(result, "timestamp", JsonValueKind.Array, "chart.result[0]") is not { } timestamps)
        {
            return new YahooChart(symbol, granularity, [], null);
        }

        var quotes = Property(result, "indicators", JsonValueKind.Object, "chart.result[0]") is { } indicators
            ? Property(indicators, "quote", JsonValueKind.Array, "chart.result[0].indicators")
            : null;
        if (quotes is not { } q || q.GetArrayLength() == 0 || q[0].ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("chart.result[0] has timestamps but no indicators.quote[0] object");
        }

        var count = timestamps.GetArrayLength();
        var columns = new JsonElement[Fields.Length];
        for (var f = 0; f < Fields.Length; f++)
        {
            var column = Property(q[0], Fields[f], JsonValueKind.Array, "chart.result[0].indicators.quote[0]")
                ?? throw new FormatException($"chart.result[0].indicators.quote[0] has no '{Fields[f]}' array");
            if (column.GetArrayLength() != count)
            {
                throw new FormatException($"chart.result[0].indicators.quote[0].{Fields[f]} has {column.GetArrayLength()} elements; timestamp has {count}");
            }

            columns[f] = column;
        }

        var minutes = new YahooMinute[count];
        for (var i = 0; i < count; i++)
        {
            var stamp = timestamps[i];
            if (stamp.ValueKind != JsonValueKind.Number || !stamp.TryGetInt64(out var time))
            {
                throw new FormatException($"chart.result[0].timestamp[{i}] is {stamp.GetRawText()}, not a whole number of seconds");
            }

            string? problem = null;
            minutes[i] = new YahooMinute(
                time,
                Value(columns[0][i], Fields[0], ref problem),
                Value(columns[1][i], Fields[1], ref problem),
                Value(columns[2][i], Fields[2], ref problem),
                Value(columns[3][i], Fields[3], ref problem),
                Value(columns[4][i], Fields[4], ref problem),
                problem);
        }

        return new YahooChart(symbol, granularity, minutes, null);
    }

    private static decimal? Value(JsonElement element, string field, ref string? problem)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var value))
        {
            return value;
        }

        problem ??= $"{field} is {Shorten(element.GetRawText())}, not a number";
        return null;
    }

    /// <summary>The property <paramref name="name"/> of <paramref name="parent"/> when it has the expected kind; null
    /// when it is missing or null; a <see cref="FormatException"/> when it is something else.</summary>
    private static JsonElement? Property(JsonElement parent, string name, JsonValueKind kind, string where)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == kind ? value : throw new FormatException($"{where}.{name} is {value.ValueKind}, not {kind}");
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Describe(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.Object)
        {
            var code = Text(error, "code");
            var description = Text(error, "description");
            return (code, description) switch
            {
                (not null, not null) => $"{code}: {description}",
                _ => description ?? code ?? Shorten(error.GetRawText()),
            };
        }

        return Shorten(error.GetRawText());
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 61), "...");
}
