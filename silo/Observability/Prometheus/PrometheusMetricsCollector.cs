using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OrleansTicks.Silo.Observability.Prometheus;

/// <summary>Listens to every instrument of the <c>OrleansTicks.*</c> meters this host's <see cref="IMeterFactory"/>
/// created (not those of another host in the same process, e.g. a second test server) and renders them in the
/// Prometheus text format on demand. Observable instruments are read at each scrape.</summary>
internal sealed partial class PrometheusMetricsCollector : IDisposable
{
    /// <summary>Meters whose names start with this are exported.</summary>
    public const string MeterPrefix = "OrleansTicks.";

    // Seconds: from half a millisecond (a grain-state write on SQLite) to ten seconds (a year of bars replaced).
    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricFamily> _families = new();
    private readonly Lock _scrapeGate = new();
    private readonly IMeterFactory _meterFactory;
    private readonly ILogger<PrometheusMetricsCollector> _logger;

    public PrometheusMetricsCollector(IMeterFactory meterFactory, ILogger<PrometheusMetricsCollector> logger)
    {
        _meterFactory = meterFactory;
        _logger = logger;
        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.MeasurementsCompleted = (instrument, _) => _families.TryRemove(instrument, out MetricFamily? _);
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((MetricFamily)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Every exported family, in the Prometheus text exposition format 0.0.4.</summary>
    public string Render()
    {
        var output = new StringBuilder(16 * 1024);
        lock (_scrapeGate)
        {
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // One failing callback must not take the scrape down; the others' values are still current.
                LogObservableFailed(exception);
            }

            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                // Two instruments that sanitize to one name would make an invalid exposition: the first wins.
                if (written.Add(family.Name))
                {
                    family.WriteTo(output);
                }
            }
        }

        return output.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;
        if (!meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal) || !ReferenceEquals(meter.Scope, _meterFactory))
        {
            return;
        }

        var family = _families.GetOrAdd(instrument, static (i, unit) => new MetricFamily(i, BucketsFor(i, unit)), instrument.Unit);
        listener.EnableMeasurementEvents(instrument, family);
    }

    private static double[] BucketsFor(Instrument instrument, string? unit)
    {
        var advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        if (advised is { Length: > 0 })
        {
            Array.Sort(advised);
            return advised;
        }

        return unit == "s" ? SecondsBuckets : DefaultBuckets;
    }

    [LoggerMessage(EventId = 6000, Level = LogLevel.Warning, Message = "An observable instrument's callback threw during a /metrics scrape")]
    private partial void LogObservableFailed(Exception exception);
}
