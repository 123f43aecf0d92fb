using System.Text.Json;

namespace OrleansTicks.Api.Rest;

/// <summary>Reads a regeneration request, the body of <c>POST /api/regenerate</c> and the argument of the hub's
/// <c>Regenerate</c>, and says what is wrong with one that is not: every missing, mistyped or repeated field at once, in
/// the request's own terms (the serializer's messages name .NET types such as <c>System.Int64</c> and stop at the first
/// fault, and SignalR's binding says only "an error on the server").</summary>
internal static class RegenerateBodyReader
{
    /// <summary>The shape of a valid request, for the problem answers.</summary>
    public const string Shape = """{"symbol":"AAPL","period":"1mo","interval":"5m","seed":42} (all fields required; seed a whole number)""";

    private static readonly (string Name, bool IsNumber)[] Fields = [("symbol", false), ("period", false), ("interval", false), ("seed", true)];

    // Names case-insensitive, as web clients vary; no numbers in strings, no comments.
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Reads a body: null, with <paramref name="problem"/>, when it is not JSON or not a valid request.</summary>
    public static RegenerateBody? TryRead(ReadOnlyMemory<byte> utf8, out string? problem)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8); // duplicates are allowed here: TryRead counts them
            return TryRead(document.RootElement, out problem);
        }
        catch (JsonException notJson)
        {
            problem = notJson.Message; // the syntax error with its line and byte, which is what helps here
            return null;
        }
    }

    /// <summary>Reads a request: null, with <paramref name="problem"/>, when it is not a valid one.</summary>
    public static RegenerateBody? TryRead(JsonElement json, out string? problem)
    {
        problem = Check(json);
        if (problem is not null)
        {
            return null;
        }

        try
        {
            return json.Deserialize<RegenerateBody>(Options);
        }
        catch (JsonException error)
        {
            problem = error.Message; // not expected once Check has passed: the serializer's own words then
            return null;
        }
    }

    private static string? Check(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return $"it is {Describe(json)}, not a JSON object.";
        }

        var problems = new List<string>();
        var missing = new List<string>();
        foreach (var (name, isNumber) in Fields)
        {
            var values = json.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (values.Count == 0)
            {
                missing.Add(name);
            }
            else if (values.Count > 1)
            {
                problems.Add($"{name} is given {values.Count} times");
            }
            else if (isNumber && !(values[0].Value.ValueKind == JsonValueKind.Number && values[0].Value.TryGetInt64(out _)))
            {
                problems.Add($"{name} must be a whole number from {long.MinValue} to {long.MaxValue}, not {Describe(values[0].Value)}");
            }
            else if (!isNumber && values[0].Value.ValueKind != JsonValueKind.String)
            {
                problems.Add($"{name} must be a string, not {Describe(values[0].Value)}");
            }
        }

        if (missing.Count > 0)
        {
            problems.Insert(0, $"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing");
        }

        return problems.Count > 0 ? string.Join("; ", problems) + "." : null;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {RestProblem.Shorten(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
