using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace OrleansTicks.Silo.Observability.Prometheus;

/// <summary>What the exporter keeps of one instrument: its Prometheus name and type, and one series per tag set.
/// Synchronous counters add, observable instruments report their current value (set), histograms count into
/// buckets.</summary>
internal sealed class MetricFamily
{
    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly bool _cumulativeFromSource;
    private readonly double[] _bounds;
    private Series? _untagged;
    private volatile bool _untaggedRecorded;

    public MetricFamily(Instrument instrument, double[] bounds)
    {
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
        Kind = definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) ? MetricKind.Counter
            : definition == typeof(Histogram<>) ? MetricKind.Histogram
            : MetricKind.Gauge;

        // Observable instruments (and synchronous gauges) report what the value is now; the others report changes.
        _cumulativeFromSource = instrument.IsObservable || definition.Name.StartsWith("Gauge", StringComparison.Ordinal);
        _bounds = bounds;
        Name = PrometheusNames.Metric(instrument.Name, instrument.Unit, Kind == MetricKind.Counter);
        if (!_cumulativeFromSource)
        {
            // A counter that has not moved yet reads 0 rather than being absent (rate() needs the first sample).
            _untagged = new Series(string.Empty, bounds.Length);
        }

        Help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : $"{instrument.Description} ({instrument.Name})";
    }

    public string Name { get; }

    public string Help { get; }

    public MetricKind Kind { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Series series;
        if (tags.IsEmpty)
        {
            series = _untagged ?? LazyInitializer.EnsureInitialized(ref _untagged, () => new Series(string.Empty, _bounds.Length));
            if (!_untaggedRecorded)
            {
                _untaggedRecorded = true;
            }
        }
        else
        {
            series = _series.GetOrAdd(PrometheusText.Labels(tags), static (labels, buckets) => new Series(labels, buckets), _bounds.Length);
        }

        if (Kind == MetricKind.Histogram)
        {
            series.Observe(value, _bounds);
        }
        else if (_cumulativeFromSource)
        {
            series.Set(value);
        }
        else
        {
            series.Add(value);
        }
    }

    public void WriteTo(StringBuilder output)
    {
        PrometheusText.AppendHelp(output, Name, Help);
        PrometheusText.AppendType(output, Name, Kind switch
        {
            MetricKind.Counter => "counter",
            MetricKind.Histogram => "histogram",
            _ => "gauge",
        });

        var all = _series.Values.ToList();

        // The zero an instrument starts with stands until it is measured; one measured only with tags has no untagged
        // series, and a zero beside its labelled ones would read as a series of its own.
        if (_untagged is { } untagged && (_untaggedRecorded || all.Count == 0))
        {
            all.Add(untagged);
        }

        all.Sort(static (a, b) => string.CompareOrdinal(a.Labels, b.Labels));
        foreach (var series in all)
        {
            if (Kind == MetricKind.Histogram)
            {
                series.WriteHistogram(output, Name, _bounds);
            }
            else
            {
                PrometheusText.AppendSample(output, Name, series.Labels, null, series.Value);
            }
        }
    }

    /// <summary>One tag set's value, or its histogram.</summary>
    private sealed class Series(string labels, int bucketCount)
    {
        private readonly Lock _histogramGate = new();
        private readonly long[] _buckets = new long[bucketCount + 1]; // the last one is +Inf
        private double _value;
        private double _sum;
        private long _count;

        public string Labels { get; } = labels;

        public double Value => Volatile.Read(ref _value);

        public void Set(double value) => Volatile.Write(ref _value, value);

        public void Add(double value)
        {
            // Counters are updated from many threads; a compare-exchange loop keeps every addition.
            var current = Volatile.Read(ref _value);
            while (true)
            {
                var seen = Interlocked.CompareExchange(ref _value, current + value, current);
                if (seen.Equals(current))
                {
                    return;
                }

                current = seen;
            }
        }

        public void Observe(double value, double[] bounds)
        {
            var index = Array.BinarySearch(bounds, value);
            index = index >= 0 ? index : ~index; // le: a value equal to a bound falls into that bound's bucket
            lock (_histogramGate)
            {
                _buckets[index]++;
                _sum += value;
                _count++;
            }
        }

        public void WriteHistogram(StringBuilder output, string name, double[] bounds)
        {
            long[] buckets;
            double sum;
            long count;
            lock (_histogramGate)
            {
                buckets = (long[])_buckets.Clone();
                sum = _sum;
                count = _count;
            }

            long cumulative = 0;
            for (var i = 0; i < bounds.Length; i++)
            {
                cumulative += buckets[i];
                PrometheusText.AppendSample(output, name + "_bucket", Labels, $"le=\"{PrometheusText.Value(bounds[i])}\"", cumulative);
            }

            PrometheusText.AppendSample(output, name + "_bucket", Labels, "le=\"+Inf\"", count);
            PrometheusText.AppendSample(output, name + "_sum", Labels, null, sum);
            PrometheusText.AppendSample(output, name + "_count", Labels, null, count);
        }
    }
}

/// <summary>The Prometheus type a family is exposed as.</summary>
internal enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}
