namespace Microsoft.Extensions.Hosting;

/// <summary>The HTTP front end of OrleansTicks: <c>AddTicksApi</c> registers its services and
/// <c>MapTicksApi</c> its endpoints.</summary>
public static class TicksApiExtensions
{
    /// <summary>Registers the API's services: RFC 9457 problem details for every error.</summary>
    public static TBuilder AddTicksApi<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails();
        builder.AddTicksObservability();
        builder.AddTicksSecurity();
        builder.AddTicksOpenApi();
        builder.AddTicksRest();
        builder.AddTicksLive();
        return builder;
    }

    /// <summary>Maps the API's endpoints: <c>/health/live</c> (the process answers) and <c>/health/ready</c>
    /// (the silo accepts calls and storage answers).</summary>
    public static TApp MapTicksApi<TApp>(this TApp app)
        where TApp : IEndpointRouteBuilder, IApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapTicksOpenApi(); // before security: the Swagger UI is middleware and stays open
        app.MapTicksDashboard(); // before security: the page's files are open, its API calls are not
        app.UseTicksSecurity();
        app.MapTicksHealth();
        app.MapTicksObservability();
        app.MapTicksRest();
        app.MapTicksLive();
        return app;
    }
}
