using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace OrleansTicks.Silo.Observability.Otlp;

/// <summary>Pushes the <c>OrleansTicks.*</c> meters to an OpenTelemetry collector when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. OpenTelemetry.Extensions.Hosting is not in our package feed, so this
/// service builds the SDK's <see cref="MeterProvider"/> itself at start and disposes it at stop (which exports one
/// last time). The standard variables are read from configuration, so they work as environment variables and as
/// settings alike: <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (<c>grpc</c>, the default, or <c>http/protobuf</c>),
/// <c>OTEL_METRIC_EXPORT_INTERVAL</c> (milliseconds, default 60000), <c>OTEL_SERVICE_NAME</c>.</summary>
internal sealed partial class OtlpMetricsExporter(IConfiguration configuration, ILogger<OtlpMetricsExporter> logger) : IHostedService, IDisposable
{
    /// <summary>The variable that switches the export on.</summary>
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private MeterProvider? _provider;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = configuration[EndpointKey];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return Task.CompletedTask;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{EndpointKey} must be an absolute http or https URL, e.g. http://localhost:4317; it is '{endpoint}'.");
        }

        var protocol = ParseProtocol(configuration["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        var interval = ParseInterval(configuration["OTEL_METRIC_EXPORT_INTERVAL"]);

        // Set in code, the endpoint is used as given: for OTLP/HTTP the signal's path has to be added here (the SDK
        // adds it only when it reads the variable itself).
        var target = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(baseUri, baseUri.AbsolutePath.TrimEnd('/') + "/v1/metrics") : baseUri;
        _provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(configuration["OTEL_SERVICE_NAME"] ?? "orleansticks"))
            .AddMeter("OrleansTicks.*")
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = target;
                exporter.Protocol = protocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
            })
            .Build();
        LogStarted(target, protocol.ToString(), interval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _provider, null)?.Dispose();
    }

    private static OtlpExportProtocol ParseProtocol(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException($"OTEL_EXPORTER_OTLP_PROTOCOL must be 'grpc' or 'http/protobuf'; it is '{value}'."),
    };

    private static int ParseInterval(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return 60_000;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? ms
            : throw new InvalidOperationException($"OTEL_METRIC_EXPORT_INTERVAL must be a positive number of milliseconds; it is '{value}'.");
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Exporting metrics over OTLP to {Endpoint} ({Protocol}) every {IntervalMs} ms")]
    private partial void LogStarted(Uri endpoint, string protocol, int intervalMs);
}
