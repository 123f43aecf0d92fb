using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace OrleansTicks.Deploy.Tests.Manifests;

/// <summary>Reads YAML into plain maps, lists and scalar strings (YamlDotNet's untyped model) and walks them by
/// path, so the checks read like the manifests.</summary>
internal static class Yaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    /// <summary>Every document of a multi-document stream, empty documents dropped.</summary>
    public static IReadOnlyList<object> Documents(string text)
    {
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        var documents = new List<object>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (Deserializer.Deserialize<object?>(parser) is { } document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    public static object? At(object? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not IDictionary<object, object> map || !map.TryGetValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Str(object? node, params string[] path) => At(node, path) switch
    {
        null => null,
        string text => text,
        var other => Convert.ToString(other, CultureInfo.InvariantCulture),
    };

    public static int? Int(object? node, params string[] path) =>
        Str(node, path) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static IReadOnlyList<object> Seq(object? node, params string[] path) =>
        At(node, path) is IList<object> list ? [.. list] : [];

    /// <summary>A map of scalars (labels, selectors, ConfigMap data), empty when absent.</summary>
    public static IReadOnlyDictionary<string, string> StringMap(object? node, params string[] path) =>
        At(node, path) is IDictionary<object, object> map
            ? map.ToDictionary(entry => (string)entry.Key, entry => Convert.ToString(entry.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
