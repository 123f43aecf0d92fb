using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Cluster.Membership;

namespace OrleansTicks.Runtime.Cluster.Leadership;

/// <summary>Checks <see cref="LeaderElectionOptions"/> at start, naming the bad setting.</summary>
internal sealed class LeaderElectionOptionsValidator : IValidateOptions<LeaderElectionOptions>
{
    private const string Section = LeaderElectionOptions.SectionName;

    // The server's session timeout and keepalives are set in whole seconds or milliseconds; a day is far beyond any
    // sensible failover time and keeps the arithmetic away from overflow.
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, LeaderElectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var intervalsValid = true;
        if (options.RetryInterval <= TimeSpan.Zero || options.RetryInterval > Longest)
        {
            failures.Add($"{Section}:RetryInterval must be positive and at most a day (default 00:00:02), not {options.RetryInterval}.");
            intervalsValid = false;
        }

        if (options.CheckTimeout <= TimeSpan.Zero || options.CheckTimeout > Longest)
        {
            failures.Add($"{Section}:CheckTimeout must be positive and at most a day (default 00:00:01), not {options.CheckTimeout}.");
            intervalsValid = false;
        }

        if (options.SessionTimeout <= TimeSpan.Zero || options.SessionTimeout > Longest)
        {
            failures.Add($"{Section}:SessionTimeout must be positive and at most a day (default 00:00:08), not {options.SessionTimeout}.");
        }
        else if (intervalsValid && options.SessionTimeout < 2 * (options.RetryInterval + options.CheckTimeout))
        {
            failures.Add($"{Section}:SessionTimeout ({options.SessionTimeout}) must be at least twice {Section}:RetryInterval + {Section}:CheckTimeout " +
                $"({options.RetryInterval + options.CheckTimeout}), so that a leader cut off from the database stops leading before the server frees its lock (default 00:00:08).");
        }

        if (ClusterConnectionString.Validate(options.ConnectionString, "feed leader election") is { } connectionFailure)
        {
            failures.Add(connectionFailure);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
