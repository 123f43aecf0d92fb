using System.Text;

namespace OrleansTicks.Silo.Observability.Prometheus;

/// <summary>Maps OpenTelemetry-style instrument names and units onto Prometheus names: only <c>[a-zA-Z0-9_:]</c>
/// (labels: no colon), not starting with a digit, the unit as a suffix where Prometheus convention wants one
/// (<c>s</c> becomes <c>_seconds</c>; annotations like <c>{trade}</c> are dropped) and <c>_total</c> on counters.</summary>
internal static class PrometheusNames
{
    /// <summary>The family name of an instrument.</summary>
    public static string Metric(string instrumentName, string? unit, bool isCounter)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var suffix = UnitSuffix(unit);
        if (suffix is not null && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name = $"{name}_{suffix}";
        }

        if (isCounter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    /// <summary>A label name.</summary>
    public static string Label(string tagName) => Sanitize(tagName, allowColon: false);

    /// <summary>The Prometheus base-unit word for an UCUM unit, or null when the name needs none.</summary>
    public static string? UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => null,
        _ when unit.StartsWith('{') => null, // an annotation ({trade}): a count, no unit
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "%" => "percent",
        _ => Sanitize(unit, allowColon: false).Trim('_') is { Length: > 0 } word ? word : null,
    };

    private static string Sanitize(string name, bool allowColon)
    {
        var builder = new StringBuilder(name.Length + 1);
        var previousUnderscore = false;
        foreach (var c in name)
        {
            var valid = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            if (next == '_' && previousUnderscore)
            {
                continue; // orleansticks.hub..x and orleansticks.hub/x both read orleansticks_hub_x
            }

            builder.Append(next);
            previousUnderscore = next == '_';
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
