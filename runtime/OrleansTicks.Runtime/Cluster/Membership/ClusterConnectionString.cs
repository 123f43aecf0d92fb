using Microsoft.Extensions.Configuration;
using Npgsql;

namespace OrleansTicks.Runtime.Cluster.Membership;

/// <summary>Where cluster mode's PostgreSQL connection string comes from, in one place: membership and feed leader
/// election must use the same database (<c>Cluster:ConnectionString</c>, falling back to
/// <c>ConnectionStrings:Postgres</c>), and a bad one must be reported the same way.</summary>
internal static class ClusterConnectionString
{
    /// <summary>The setting as the error messages name it.</summary>
    public const string Setting = $"{MembershipOptions.SectionName}:ConnectionString (or ConnectionStrings:{MembershipOptions.ConnectionStringName})";

    /// <summary><c>Cluster:ConnectionString</c> when set, else <c>ConnectionStrings:Postgres</c>, else null.</summary>
    public static string? Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(MembershipOptions.SectionName)["ConnectionString"] is { Length: > 0 } own
            ? own
            : configuration.GetConnectionString(MembershipOptions.ConnectionStringName);
    }

    /// <summary>Why <paramref name="connectionString"/> cannot be used by <paramref name="user"/> (e.g. "cluster
    /// membership"), or null when it can.</summary>
    public static string? Validate(string? connectionString, string user)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"{Setting} of {user} is required, e.g. \"Host=127.0.0.1;Port=5432;Username=orleansticks;Database=orleansticks\".";
        }

        try
        {
            return string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(connectionString).Host)
                ? $"{Setting} of {user} names no Host."
                : null;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            return $"{Setting} of {user} is not a valid connection string: {exception.Message}";
        }
    }
}
