using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using OrleansTicks.Api.Rest;
using OrleansTicks.Runtime.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>The REST endpoints under <c>/api</c> (docs/API.md): <c>AddTicksRest</c> registers their services and the
/// output cache of history answers, <c>MapTicksRest</c> maps them.</summary>
public static class RestServiceExtensions
{
    /// <summary>The output-cache policy of history answers: <c>Rest:HistoryCacheDuration</c>, varying by the whole
    /// query string, for anonymous callers and callers with a key alike (<see cref="OrleansTicks.Api.Rest.HistoryCachePolicy"/>).</summary>
    public const string HistoryCachePolicy = "history";

    /// <summary>Registers the REST services and the output cache.</summary>
    public static TBuilder AddTicksRest<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RestOptions>().BindConfiguration(RestOptions.SectionName).RejectUnknownSettings(RestOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<BarHistory>();
        builder.Services.AddSingleton<ApiUptime>();
        builder.Services.AddSingleton<HistoryOnFirstUse>();
        builder.Services.AddOutputCache();
        builder.Services.AddOptions<OutputCacheOptions>().Configure<IOptions<RestOptions>>((cache, rest) =>
            cache.AddPolicy(HistoryCachePolicy, new OrleansTicks.Api.Rest.HistoryCachePolicy(rest.Value.HistoryCacheDuration)));
        return builder;
    }

    /// <summary>Maps the endpoints under <c>/api</c> and adds the output-cache middleware (after whatever the caller
    /// added before, e.g. authentication and rate limiting, so a cached answer is still checked by them).</summary>
    public static TApp MapTicksRest<TApp>(this TApp app)
        where TApp : IEndpointRouteBuilder, IApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        _ = app.ServiceProvider.GetRequiredService<ApiUptime>(); // starts the uptime clock now
        app.UseOutputCache();
        var api = app.MapGroup("/api").AddEndpointFilter<RestProblemFilter>();
        HistoryEndpoints.Map(api);
        SymbolEndpoints.Map(api);
        AnalyticsEndpoints.Map(api);
        MetricsEndpoints.Map(api);
        RegenerationEndpoints.Map(api);
        return app;
    }
}
