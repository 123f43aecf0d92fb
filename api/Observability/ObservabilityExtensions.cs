using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansTicks.Api.Observability;
using OrleansTicks.Api.Observability.Otlp;
using OrleansTicks.Api.Observability.Prometheus;

namespace Microsoft.Extensions.Hosting;

/// <summary>Metrics of the API host: <c>/metrics</c> in the Prometheus text format over every <c>OrleansTicks.*</c>
/// meter, and OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
public static class ObservabilityExtensions
{
    /// <summary>The Prometheus scrape path.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Registers <see cref="ApiMetrics"/>, the Prometheus collector and the OTLP exporter.</summary>
    public static TBuilder AddTicksObservability<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<ApiMetrics>();
        builder.Services.TryAddSingleton<PrometheusMetricsCollector>();
        builder.Services.AddHostedService<OtlpMetricsExporter>();
        return builder;
    }

    /// <summary>Maps <c>/metrics</c>. The collector starts listening here, before the host starts, so that no
    /// instrument created at start is missed.</summary>
    public static TApp MapTicksObservability<TApp>(this TApp app)
        where TApp : IEndpointRouteBuilder, IApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        var collector = app.ApplicationServices.GetRequiredService<PrometheusMetricsCollector>();
        _ = app.ApplicationServices.GetRequiredService<ApiMetrics>(); // its instruments exist before the first connection
        app.MapGet(MetricsPath, () => Results.Text(collector.Render(), PrometheusText.ContentType))
            .WithName("Metrics")
            .WithSummary("Every OrleansTicks.* instrument in the Prometheus text exposition format 0.0.4.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        return app;
    }
}
