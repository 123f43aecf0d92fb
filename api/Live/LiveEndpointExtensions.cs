using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansTicks.Api.Live;
using OrleansTicks.Api.Live.Bridge;
using OrleansTicks.Api.Live.Finnhub;
using OrleansTicks.Api.Live.Hubs;
using OrleansTicks.Runtime.Hosting;

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
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.SectionName).RejectUnknownSettings(LiveOptions.SectionName)
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
        // SignalR closes a connection whose message exceeds MaximumReceiveMessageSize (32 KiB by default). A Subscribe of
        // Hub:MaxSymbolsPerCall symbols of up to 32 characters must fit, so that such a call gets its answer and not a close.
        services.AddOptions<HubOptions<TicksHub>>().Configure<IOptions<LiveOptions>>(static (hub, live) =>
        {
            if (hub.MaximumReceiveMessageSize is { } limit) // null: no limit at all
            {
                hub.MaximumReceiveMessageSize = Math.Max(limit, MaxSubscribeMessageBytes(live.Value.MaxSymbolsPerCall));
            }
        });
        return builder;
    }

    /// <summary>The largest Subscribe invocation of <paramref name="symbols"/> symbols of the longest allowed form,
    /// <c>"ABC…",</c> each (35 bytes; 40 are allowed), and the invocation around them.</summary>
    internal static long MaxSubscribeMessageBytes(int symbols) => symbols * 40L + 1024;

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
