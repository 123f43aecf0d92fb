using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansTicks.Api.Live;
using OrleansTicks.Api.Live.Bridge;
using OrleansTicks.Api.Live.Finnhub;
using OrleansTicks.Api.Live.Hubs;

namespace Microsoft.Extensions.Hosting;

/// <summary>The live endpoints: the SignalR hub <c>/hubs/ticks</c> and the Finnhub-protocol WebSocket <c>/ws</c>, both
/// fed by one observer bridge per node. <c>AddTicksLive</c> registers their services, <c>MapTicksLive</c> maps them.</summary>
public static class LiveEndpointExtensions
{
    private const string ClusterNodeIdKey = "Cluster:SiloId";

    /// <summary>The hub's path.</summary>
    public const string HubPath = "/hubs/ticks";

    /// <summary>The Finnhub-protocol WebSocket's path.</summary>
    public const string WebSocketPath = "/ws";

    /// <summary>Registers the hub, the observer bridge and the settings of section <c>Hub</c>.</summary>
    public static TBuilder AddTicksLive<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.SectionName)
            .PostConfigure<IConfiguration>(static (o, configuration) =>
            {
                // In a cluster the node's id (the pod name) already is unique and stable: use it unless Hub:NodeId says otherwise.
                if (string.IsNullOrWhiteSpace(o.NodeId) && configuration[ClusterNodeIdKey] is { Length: > 0 } clusterNode)
                {
                    o.NodeId = clusterNode;
                }
            })
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LiveOptions>, LiveOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HubSessions>();
        services.TryAddSingleton<SubscribeOrderFilter>();
        services.TryAddSingleton<SymbolWatchBridge>();
        services.AddHostedService(sp => sp.GetRequiredService<SymbolWatchBridge>());
        services.TryAddSingleton<TicksHubConnections>();
        services.AddSingleton<HubLifetimeManager<TicksHub>>(static sp => sp.GetRequiredService<TicksHubConnections>());
        services.AddSignalR().AddHubOptions<TicksHub>(hub =>
        {
            hub.AddFilter<SubscribeOrderFilter>();
            hub.EnableDetailedErrors = builder.Environment.IsDevelopment(); // exception messages reach clients in development only
        });
        return builder;
    }

    /// <summary>Maps <c>/hubs/ticks</c> and <c>/ws</c>, which refuse new connections once the node is stopping.</summary>
    public static TApp MapTicksLive<TApp>(this TApp app)
        where TApp : IEndpointRouteBuilder, IApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<LiveShutdownGate>();
        app.MapHub<TicksHub>(HubPath);
        var webSocket = app.CreateApplicationBuilder();
        webSocket.UseWebSockets();
        webSocket.Run(FinnhubSocketEndpoint.HandleAsync);
        app.Map(WebSocketPath, webSocket.Build());
        return app;
    }
}
