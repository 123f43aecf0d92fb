using System.Text.Json;

namespace OrleansTicks.Api.Rest;

/// <summary>Says what is wrong with a regeneration body the serializer refused, in the body's own terms: the
/// serializer's messages name .NET types (<c>System.Int64</c>, <c>RegenerateBody</c>) and stop at the first fault, so a
/// body missing two fields and mistyping a third is described whole here.</summary>
internal static class RegenerateBodyProblems
{
    private static readonly (string Name, bool IsNumber)[] Fields = [("symbol", false), ("period", false), ("interval", false), ("seed", true)];

    /// <param name="json">The body.</param>
    /// <param name="serializerMessage">What the serializer said, the answer when nothing more specific is found.</param>
    public static string Describe(ReadOnlyMemory<byte> json, string? serializerMessage)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json); // duplicates allowed here: they are counted below, case-insensitively
        }
        catch (JsonException notJson)
        {
            return notJson.Message; // the syntax error with its line and byte, which is what helps here
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return $"it is {Describe(root.ValueKind)}, not a JSON object.";
            }

            var problems = new List<string>();
            var missing = new List<string>();
            foreach (var (name, isNumber) in Fields)
            {
                var values = root.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
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

            return problems.Count > 0 ? string.Join("; ", problems) + "." : serializerMessage ?? "it is not a regeneration request.";
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind == JsonValueKind.Number ? $"the number {RestProblem.Shorten(value.GetRawText())}" : Describe(value.ValueKind);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
