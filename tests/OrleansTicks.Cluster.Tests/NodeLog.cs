using System.Text;
using System.Text.RegularExpressions;

namespace OrleansTicks.Cluster.Tests;

/// <summary>What a node logged over its whole life, counted as it arrives (the kept output is only its tail): warnings
/// and errors by level, category and event id (the console logger's <c>warn: Category[id]</c> header line) with the
/// message of the first, and the lines that name a problem the cluster test looks out for.</summary>
public sealed partial class NodeLog
{
    // Suspicious whatever their level: stale-ETag writes, stream messages skipped as unreadable, a full PostgreSQL.
    private static readonly string[] Watched = ["InconsistentStateException", "corrupt", "too many clients"];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Count, string First)> _counts = new(StringComparer.Ordinal);
    private string? _pendingHeader;

    /// <summary>Counts <paramref name="line"/>.</summary>
    public void Add(string line)
    {
        lock (_lock)
        {
            if (_pendingHeader is { } header)
            {
                // The message line under a header: the first of its kind is kept as the example.
                _pendingHeader = null;
                var entry = _counts[header];
                if (entry.First.Length == 0)
                {
                    _counts[header] = entry with { First = line.Trim() };
                }
            }

            if (Header().Match(line) is { Success: true } match)
            {
                var key = match.Groups[1].Value;
                _counts[key] = _counts.TryGetValue(key, out var seen) ? seen with { Count = seen.Count + 1 } : (1, string.Empty);
                _pendingHeader = key;
            }

            foreach (var watched in Watched)
            {
                if (line.Contains(watched, StringComparison.OrdinalIgnoreCase))
                {
                    var key = $"\"{watched}\"";
                    _counts[key] = _counts.TryGetValue(key, out var seen) ? seen with { Count = seen.Count + 1 } : (1, line.Trim());
                }
            }
        }
    }

    /// <summary>Every kind counted, with how often and its first message; empty when the node logged no warning.</summary>
    public string Summary()
    {
        lock (_lock)
        {
            var text = new StringBuilder();
            foreach (var (key, (count, first)) in _counts.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                text.Append("  ").Append(key).Append(" × ").Append(count).Append(": ").AppendLine(first.Length > 240 ? first[..240] : first);
            }

            return text.ToString();
        }
    }

    [GeneratedRegex(@"^((?:warn|fail|crit): [\w.]+\[\d+\])")]
    private static partial Regex Header();
}
