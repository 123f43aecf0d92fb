using System.Globalization;
using System.Text;

namespace OrleansTicks.Silo.Observability.Prometheus;

/// <summary>Writes the pieces of the Prometheus text exposition format 0.0.4: escaped HELP text and label values,
/// and sample values (<c>+Inf</c>, <c>-Inf</c>, <c>NaN</c> spelled as Prometheus wants).</summary>
internal static class PrometheusText
{
    /// <summary>The response's content type.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void AppendHelp(StringBuilder output, string name, string? help)
    {
        output.Append("# HELP ").Append(name).Append(' ');
        foreach (var c in help ?? name)
        {
            _ = c switch
            {
                '\\' => output.Append(@"\\"),
                '\n' => output.Append(@"\n"),
                _ => output.Append(c),
            };
        }

        output.Append('\n');
    }

    public static void AppendType(StringBuilder output, string name, string type) =>
        output.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    /// <summary>One sample line: <c>name{labels,extra} value</c>. <paramref name="labels"/> is already rendered
    /// (<c>a="1",b="2"</c>) or empty.</summary>
    public static void AppendSample(StringBuilder output, string name, string labels, string? extraLabel, double value)
    {
        output.Append(name);
        if (labels.Length > 0 || extraLabel is not null)
        {
            output.Append('{').Append(labels);
            if (extraLabel is not null)
            {
                output.Append(labels.Length > 0 ? "," : string.Empty).Append(extraLabel);
            }

            output.Append('}');
        }

        output.Append(' ').Append(Value(value)).Append('\n');
    }

    /// <summary>Renders tags as Prometheus labels, sorted by name so that one tag set always reads the same.</summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var builder = new StringBuilder();
        foreach (var (key, value) in sorted)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(PrometheusNames.Label(key)).Append("=\"");
            AppendEscapedLabelValue(builder, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
            builder.Append('"');
        }

        return builder.ToString();
    }

    public static string Value(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static void AppendEscapedLabelValue(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '"' => builder.Append("\\\""),
                '\n' => builder.Append(@"\n"),
                _ => builder.Append(c),
            };
        }
    }
}
