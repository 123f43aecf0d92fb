using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansTicks.Api.Tests.Observability;

/// <summary>A strict parser of the Prometheus text exposition format 0.0.4, enough to check what /metrics writes:
/// HELP and TYPE once per family and before its samples, valid metric and label names, escaped label values, values
/// Prometheus can read, every sample inside a declared family, histogram buckets cumulative up to +Inf = count.
/// Throws <see cref="FormatException"/> naming the line on anything else.</summary>
public sealed partial class PrometheusExposition
{
    private PrometheusExposition(Dictionary<string, Family> families) => Families = families;

    public IReadOnlyDictionary<string, Family> Families { get; }

    /// <summary>The value of the sample <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels)
    {
        foreach (var family in Families.Values)
        {
            foreach (var sample in family.Samples)
            {
                if (sample.Name == name && labels.All(l => sample.Labels.TryGetValue(l.Name, out var v) && v == l.Value))
                {
                    return sample.Value;
                }
            }
        }

        return null;
    }

    public static PrometheusExposition Parse(string text)
    {
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        Family? current = null;
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ', 2);
                var name = parts[0];
                Require(MetricName().IsMatch(name), lineNumber, $"invalid metric name '{name}'");
                if (!families.TryGetValue(name, out current))
                {
                    current = new Family(name);
                    families.Add(name, current);
                }

                Require(current.Samples.Count == 0, lineNumber, $"HELP/TYPE of {name} after its samples");
                if (line[2] == 'H')
                {
                    Require(current.Help is null, lineNumber, $"second HELP for {name}");
                    current.Help = parts.Length > 1 ? parts[1] : string.Empty;
                }
                else
                {
                    Require(current.Type is null, lineNumber, $"second TYPE for {name}");
                    Require(parts.Length > 1 && parts[1] is "counter" or "gauge" or "histogram" or "summary" or "untyped", lineNumber, "unknown type");
                    current.Type = parts[1];
                }

                continue;
            }

            Require(!line.StartsWith('#'), lineNumber, "a comment that is neither HELP nor TYPE");
            var sample = ParseSample(line, lineNumber);
            Require(current is not null && BelongsTo(sample.Name, current), lineNumber, $"sample {sample.Name} outside its family");
            current!.Samples.Add(sample);
        }

        foreach (var family in families.Values)
        {
            Require(family.Type is not null, 0, $"{family.Name} has no TYPE");
            if (family.Type == "histogram")
            {
                CheckHistogram(family);
            }
        }

        return new PrometheusExposition(families);
    }

    private static bool BelongsTo(string sample, Family family) => family.Type == "histogram"
        ? sample == family.Name + "_bucket" || sample == family.Name + "_sum" || sample == family.Name + "_count"
        : sample == family.Name;

    private static void CheckHistogram(Family family)
    {
        foreach (var series in family.Samples.GroupBy(s => string.Join(',', s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal))))
        {
            var buckets = series.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToList();
            Require(buckets.Count > 0 && buckets[^1].Labels["le"] == "+Inf", 0, $"{family.Name} series without a +Inf bucket");
            for (var i = 1; i < buckets.Count; i++)
            {
                Require(ParseValue(buckets[i].Labels["le"]) > ParseValue(buckets[i - 1].Labels["le"]), 0, $"{family.Name} bounds not increasing");
                Require(buckets[i].Value >= buckets[i - 1].Value, 0, $"{family.Name} buckets not cumulative");
            }

            var count = series.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Value;
            Require(buckets[^1].Value == count, 0, $"{family.Name}: +Inf bucket differs from _count");
            Require(series.Count(s => s.Name.EndsWith("_sum", StringComparison.Ordinal)) == 1, 0, $"{family.Name}: one _sum per series");
        }
    }

    private static Sample ParseSample(string line, int lineNumber)
    {
        var nameEnd = line.IndexOfAny(['{', ' ']);
        Require(nameEnd > 0, lineNumber, "no value");
        var name = line[..nameEnd];
        Require(MetricName().IsMatch(name), lineNumber, $"invalid metric name '{name}'");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = nameEnd;
        if (line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var label = line[i..eq];
                Require(LabelName().IsMatch(label), lineNumber, $"invalid label name '{label}'");
                Require(line[eq + 1] == '"', lineNumber, "label value not quoted");
                var value = new StringBuilder();
                i = eq + 2;
                for (; line[i] != '"'; i++)
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"line {lineNumber}: bad escape \\{line[i]}"),
                        });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }
                }

                Require(labels.TryAdd(label, value.ToString()), lineNumber, $"label {label} twice");
                i++;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        Require(line[i] == ' ', lineNumber, "no space before the value");
        var parts = line[(i + 1)..].Split(' ');
        Require(parts.Length is 1 or 2, lineNumber, "trailing text");
        return new Sample(name, labels, ParseValue(parts[0], lineNumber));
    }

    private static double ParseValue(string text, int lineNumber = 0) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"line {lineNumber}: '{text}' is not a value"),
    };

    private static void Require(bool condition, int lineNumber, string what)
    {
        if (!condition)
        {
            throw new FormatException($"line {lineNumber}: {what}");
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    public sealed class Family(string name)
    {
        public string Name { get; } = name;

        public string? Help { get; set; }

        public string? Type { get; set; }

        public List<Sample> Samples { get; } = [];
    }

    public sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);
}
