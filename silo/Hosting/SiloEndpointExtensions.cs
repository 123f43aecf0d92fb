using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansTicks.Silo.Hosting;
using OrleansTicks.Silo.Observability.Otlp;
using OrleansTicks.Silo.Observability.Prometheus;

namespace Microsoft.Extensions.Hosting;

/// <summary>The HTTP endpoints every OrleansTicks process serves, the silo-only process and the api alike: health
/// for Kubernetes' probes and metrics for Prometheus (plus OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
/// set). Shared here so that both processes answer them the same way.</summary>
public static class SiloEndpointExtensions
{
    /// <summary>The liveness path: the process answers (no check runs, so a slow database never restarts a pod).</summary>
    public const string LivePath = "/health/live";

    /// <summary>The readiness path: every check tagged <see cref="SiloHealthCheckExtensions.ReadyTag"/> is healthy.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>The Prometheus scrape path.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Registers the Prometheus collector over every <c>OrleansTicks.*</c> meter of this host and the OTLP
    /// exporter; pair with <see cref="MapTicksMetrics"/>.</summary>
    public static TBuilder AddTicksMetrics<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<PrometheusMetricsCollector>();
        builder.Services.AddHostedService<OtlpMetricsExporter>();
        return builder;
    }

    /// <summary>Maps <see cref="MetricsPath"/> in the Prometheus text format 0.0.4. The collector starts listening
    /// here, before the host starts, so that no instrument created at start is missed.</summary>
    public static RouteHandlerBuilder MapTicksMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var collector = endpoints.ServiceProvider.GetRequiredService<PrometheusMetricsCollector>();
        return endpoints.MapGet(MetricsPath, () => Results.Text(collector.Render(), PrometheusText.ContentType));
    }

    /// <summary>Maps <see cref="LivePath"/> and <see cref="ReadyPath"/>, both open without credentials (the kubelet
    /// has none). Readiness answers a JSON report of every check, so an operator sees which one fails and why.</summary>
    public static TEndpoints MapTicksHealth<TEndpoints>(this TEndpoints endpoints)
        where TEndpoints : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(SiloHealthCheckExtensions.ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymous();
        return endpoints;
    }
}
