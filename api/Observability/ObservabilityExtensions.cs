using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansTicks.Api.Observability;

namespace Microsoft.Extensions.Hosting;

/// <summary>Metrics of the API host: the shared <c>/metrics</c> and OTLP export of every process
/// (<see cref="SiloEndpointExtensions"/>) plus the API's own instruments (<see cref="ApiMetrics"/>).</summary>
public static class ObservabilityExtensions
{
    /// <summary>The Prometheus scrape path.</summary>
    public const string MetricsPath = SiloEndpointExtensions.MetricsPath;

    /// <summary>Registers <see cref="ApiMetrics"/>, the Prometheus collector and the OTLP exporter.</summary>
    public static TBuilder AddTicksObservability<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTicksMetrics();
        builder.Services.TryAddSingleton<ApiMetrics>();
        return builder;
    }

    /// <summary>Maps <c>/metrics</c> with its OpenAPI description.</summary>
    public static TApp MapTicksObservability<TApp>(this TApp app)
        where TApp : IEndpointRouteBuilder, IApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        _ = app.ApplicationServices.GetRequiredService<ApiMetrics>(); // its instruments exist before the first connection
        app.MapTicksMetrics()
            .WithName("Metrics")
            .WithSummary("Every OrleansTicks.* instrument in the Prometheus text exposition format 0.0.4.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        return app;
    }
}
