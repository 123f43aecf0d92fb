using Microsoft.Extensions.Configuration;
using OrleansTicks.Runtime.Cluster.Leadership;
using OrleansTicks.Runtime.Cluster.Membership;
using OrleansTicks.Runtime.Cluster.Transport;
using OrleansTicks.Runtime.Hosting;
using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Silo.Hosting;

/// <summary>The unknown-key check (<see cref="KnownSettings"/>) of the sections that several options classes share, so
/// that no one class's validator can judge them: <c>Cluster</c> (transport and membership; <c>Leadership</c> below it)
/// and <c>Storage</c> (the provider, and each engine's section, which grain storage and the bar store both read). They
/// are checked whatever the mode and role: one ConfigMap serves silos and api nodes, and a typo such as
/// <c>Cluster:Mod=rabbitmq</c> would otherwise start a lone process without a word.</summary>
internal static class SharedSectionSettings
{
    private static readonly string[] ClusterSettings = KnownSettings.Of(typeof(ClusterOptions), typeof(MembershipOptions));
    private static readonly string[] LeadershipSettings = KnownSettings.Of(typeof(LeaderElectionOptions));
    private static readonly string[] SqliteSettings = KnownSettings.Of(typeof(SqliteStorageOptions));
    private static readonly string[] PostgresSettings = KnownSettings.Of(typeof(PostgresStorageOptions));

    /// <summary>Throws naming every unknown key of these sections and the settings each has.</summary>
    /// <exception cref="InvalidOperationException">A key no options class takes.</exception>
    public static void ThrowIfUnknown(IConfiguration configuration)
    {
        var failures = new List<string?>
        {
            KnownSettings.Check(configuration, ClusterOptions.SectionName, ClusterSettings, ["Leadership"]),
            KnownSettings.Check(configuration, LeaderElectionOptions.SectionName, LeadershipSettings, []),
            KnownSettings.Check(configuration, "Storage", ["Provider"], ["Sqlite", "Postgres"]),
        };
        failures.AddRange(EngineFailures(configuration, SqliteStorageOptions.SectionName, SqliteSettings));
        failures.AddRange(EngineFailures(configuration, PostgresStorageOptions.SectionName, PostgresSettings));
        var messages = failures.OfType<string>().ToList();
        if (messages.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", messages));
        }
    }

    /// <summary>An engine's section holds its settings and, as subsections, those of named providers
    /// (<c>Storage:Sqlite:Archive:ConnectionString</c>), which take the same settings.</summary>
    private static IEnumerable<string?> EngineFailures(IConfiguration configuration, string section, string[] settings)
    {
        var named = configuration.GetSection(section).GetChildren()
            .Where(child => child.GetChildren().Any() && !settings.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            .Select(static child => child.Key)
            .ToArray();
        yield return KnownSettings.Check(configuration, section, settings, named);
        foreach (var name in named)
        {
            yield return KnownSettings.Check(configuration, $"{section}:{name}", settings, []);
        }
    }
}
