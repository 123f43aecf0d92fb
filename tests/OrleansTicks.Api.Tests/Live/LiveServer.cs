using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.Api.Live.Bridge;
using OrleansTicks.Api.Observability;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Runtime;
using OrleansTicks.TestKit;
using OrleansTicks.TestKit.Live;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>The API on a real Kestrel socket (loopback, a free port), embedded mode, no feed: the test publishes the
/// trades itself through the ingestor, so every update is known.</summary>
public sealed class LiveServer : IAsyncDisposable
{
    private readonly TicksApiFactory _root;
    private readonly WebApplicationFactory<Program> _factory;
    private long _nextTradeId;

    private LiveServer(TicksApiFactory root, WebApplicationFactory<Program> factory, Uri baseAddress)
    {
        _root = root;
        _factory = factory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string HubUrl => new Uri(BaseAddress, "/hubs/ticks").ToString();

    public Uri WebSocketUrl => new UriBuilder(BaseAddress) { Scheme = "ws", Path = "/ws" }.Uri;

    public IServiceProvider Services => _factory.Services;

    public ApiMetrics Metrics => _factory.Services.GetRequiredService<ApiMetrics>();

    public IGrainFactory Grains => _factory.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a server (on a pool thread, as host start blocks).</summary>
    /// <param name="settings">Settings on top of Feed:Kind=none.</param>
    /// <param name="smallSendBuffers">Gives accepted sockets a small kernel send buffer, so that a client that stops
    /// reading backs up into its outbox after a few messages rather than after megabytes.</param>
    public static Task<LiveServer> StartAsync(Dictionary<string, string?>? settings = null, bool smallSendBuffers = false) =>
        Task.Run(() => Start(settings, smallSendBuffers)).Within(); // host start blocks: off the test's synchronization context

    private static LiveServer Start(Dictionary<string, string?>? settings, bool smallSendBuffers)
    {
        var root = new TicksApiFactory().With("Feed:Kind", "none");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            root.With(key, value);
        }

        WebApplicationFactory<Program> factory = !smallSendBuffers ? root : root.WithWebHostBuilder(web => web.ConfigureServices(
            services => services.Configure<SocketTransportOptions>(options => options.CreateBoundListenSocket = endpoint =>
            {
                var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
                socket.SendBufferSize = 4096; // accepted sockets inherit it
                return socket;
            })));
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        return new LiveServer(root, factory, new Uri(addresses.Addresses.First()));
    }

    /// <summary>Publishes one trade of <paramref name="symbol"/> (a batch of its own: one quote and one bar update).</summary>
    public async Task<Trade> TradeAsync(string symbol, decimal price, decimal size = 10, DateTime? time = null)
    {
        var trade = new Trade(symbol, Interlocked.Increment(ref _nextTradeId), price, size, time ?? DateTime.UtcNow);
        await _factory.Services.GetRequiredService<TradeIngestor>().PublishAsync(new[] { trade });
        return trade;
    }

    /// <summary>The clients of this node the observer bridge counts for <paramref name="symbol"/>.</summary>
    public int CountOnThisNode(string symbol) => _factory.Services.GetRequiredService<SymbolWatchBridge>().CountOf(symbol);

    /// <summary>Waits until <paramref name="symbol"/>'s quote satisfies <paramref name="condition"/> (awaiting the grain,
    /// never blocking on it).</summary>
    public async Task WaitForQuoteAsync(string symbol, Func<Quote, bool> condition, string what)
    {
        var grain = Grains.GetGrain<ISymbolGrain>(symbol);
        var deadline = DateTime.UtcNow + Wait.Generous;
        while (await grain.GetQuoteAsync() is not { } quote || !condition(quote))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for: {what}");
            }

            await Task.Delay(2);
        }
    }

    /// <summary>Waits until <paramref name="symbol"/>'s quote counts <paramref name="count"/> subscribers.</summary>
    public Task WaitForSubscribersAsync(string symbol, int count) =>
        WaitForQuoteAsync(symbol, quote => quote.Subscribers == count, $"{count} subscribers of {symbol}");

    /// <summary>Waits until <paramref name="trade"/> is the last trade of its symbol's quote.</summary>
    public Task WaitForAppliedAsync(Trade trade) =>
        WaitForQuoteAsync(trade.Symbol, quote => quote.TradeId == trade.TradeId, $"trade {trade.TradeId} applied");

    /// <summary>Publishes a trade of AAPL and waits until <paramref name="client"/> has its quote.</summary>
    public async Task TradeAndAwaitAsync(NodeHubClient client, int round)
    {
        var trade = await TradeAsync("AAPL", 100m + (round % 100 / 100m));
        await client.WaitForAsync(_ => client.Messages("quote").Any(q => q.GetProperty("tradeId").GetInt64() == trade.TradeId),
            $"the quote of trade {round}");
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
    }
}
