using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansTicks.Runtime.Cluster.Leadership;

/// <summary>The gauge <c>orleansticks.cluster.leader</c> (meter <c>OrleansTicks.Runtime</c>): per role, 1 while this silo
/// leads it, else 0, so a dashboard can show that exactly one silo leads every feed. It reads the elections when
/// observed, so it needs no bookkeeping as they change state.</summary>
internal sealed class LeadershipMetrics
{
    public LeadershipMetrics(IMeterFactory meterFactory, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(services);
        meterFactory.Create(Diagnostics.RuntimeMetrics.MeterName).CreateObservableGauge(
            "orleansticks.cluster.leader",
            () => Observe(services.GetServices<PostgresLeaderElection>()),
            "{role}",
            "1 while this silo leads the role (tag role), else 0.");
    }

    private static IEnumerable<Measurement<int>> Observe(IEnumerable<PostgresLeaderElection> elections)
    {
        foreach (var election in elections)
        {
            yield return new Measurement<int>(election.IsLeader ? 1 : 0, new KeyValuePair<string, object?>("role", election.Role));
        }
    }
}
