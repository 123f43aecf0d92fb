using Microsoft.Extensions.Options;

namespace OrleansTicks.Runtime.Cluster.Membership;

/// <summary>Checks <see cref="MembershipOptions"/> at start, naming the bad setting.</summary>
internal sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    private const string Section = MembershipOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SiloId))
        {
            failures.Add($"{Section}:SiloId is required: a name unique in the cluster and stable across restarts (in Kubernetes the pod name), e.g. \"orleansticks-silo-0\".");
        }
        else if (options.SiloId.Length > 253 || options.SiloId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"{Section}:SiloId '{options.SiloId}' must be at most 253 characters without spaces or control characters.");
        }

        if (options.HeartbeatInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:HeartbeatInterval must be positive (default 00:00:02), not {options.HeartbeatInterval}.");
        }
        else if (options.DeadAfter < 2 * options.HeartbeatInterval)
        {
            failures.Add($"{Section}:DeadAfter ({options.DeadAfter}) must be at least twice {Section}:HeartbeatInterval ({options.HeartbeatInterval}), " +
                "or a live silo would be declared dead between two heartbeats (default 00:00:10).");
        }

        if (options.Partitions is < 1 or > MembershipOptions.MaxPartitions)
        {
            failures.Add($"{Section}:Partitions must be between 1 and {MembershipOptions.MaxPartitions} (default 32, fixed for the life of a deployment), not {options.Partitions}.");
        }

        if (ClusterConnectionString.Validate(options.ConnectionString, "cluster membership") is { } connectionFailure)
        {
            failures.Add(connectionFailure);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
