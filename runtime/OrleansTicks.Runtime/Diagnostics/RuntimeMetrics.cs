using System.Diagnostics.Metrics;

namespace OrleansTicks.Runtime.Diagnostics;

/// <summary>The runtime's instruments (meter <c>OrleansTicks.Runtime</c>): activations alive in this silo and how
/// long grain-state writes take. The meter comes from the host's <see cref="IMeterFactory"/>, so it lives and dies
/// with the silo and exporters of another host in the same process do not see it.</summary>
internal sealed class RuntimeMetrics
{
    /// <summary>The meter's name, for exporters.</summary>
    public const string MeterName = "OrleansTicks.Runtime";

    private readonly Histogram<double> _stateWriteDuration;

    public RuntimeMetrics(IMeterFactory meterFactory, Catalog.Catalog catalog)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("orleansticks.grains.active", () => catalog.Count, "{activation}",
            "Grain activations (and observers) alive in this silo.");
        _stateWriteDuration = meter.CreateHistogram<double>("orleansticks.storage.state_write.duration", "s",
            "Time to write one grain's persistent state.");
    }

    /// <summary>A grain-state write to provider <paramref name="provider"/> took <paramref name="duration"/>.</summary>
    public void OnStateWritten(string provider, TimeSpan duration) =>
        _stateWriteDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("provider", provider));
}
