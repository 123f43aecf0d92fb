using System.Text.Json;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.TestKit.Feeds;

/// <summary>A local server speaking Binance's websocket market-data format: the raw (<c>/ws</c>) and combined
/// (<c>/stream</c>, optionally <c>?streams=a/b</c>) endpoints, <c>SUBSCRIBE</c> / <c>UNSUBSCRIBE</c> answered with
/// <c>{"result":null,"id":n}</c> (or an error answer while <see cref="AnswerWithErrors"/>), a record of every request,
/// and trades pushed only on the streams the connection is subscribed to, as Binance does.</summary>
public sealed class FakeBinanceServer : FakeWebSocketServer
{
    private readonly Lock _lock = new();
    private readonly List<BinanceRequest> _requests = [];
    private readonly Dictionary<int, HashSet<string>> _streams = [];

    /// <summary>Pushes aggTrade payloads instead of trade payloads.</summary>
    public bool AggTrade { get; init; }

    /// <summary>While true, every request is answered with an error.</summary>
    public bool AnswerWithErrors { get; set; }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<BinanceRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a server.</summary>
    public static async Task<FakeBinanceServer> StartNewAsync(bool aggTrade = false)
    {
        var server = new FakeBinanceServer { AggTrade = aggTrade };
        await server.StartAsync();
        return server;
    }

    /// <summary>The symbols (ours, upper case) the current connection is subscribed to.</summary>
    public IReadOnlySet<string> SubscribedSymbols => Current is { } connection ? SubscribedSymbolsOf(connection) : new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Raised (with the connection) after a connection's subscriptions changed: on connecting (streams in the
    /// URL) and after the answer to every <c>SUBSCRIBE</c> or <c>UNSUBSCRIBE</c>.</summary>
    public event Action<FakeWebSocketConnection>? SubscriptionsChanged;

    /// <summary>The symbols (ours, upper case) <paramref name="connection"/> is subscribed to.</summary>
    public IReadOnlySet<string> SubscribedSymbolsOf(FakeWebSocketConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_lock)
        {
            return _streams.TryGetValue(connection.Index, out var streams)
                ? streams.Select(BinanceFrames.SymbolOf).ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
        }
    }

    /// <summary>Whether the current connection is the combined endpoint.</summary>
    public bool IsCombined => Current is { } connection && IsCombinedEndpoint(connection);

    /// <summary>Sends each of <paramref name="trades"/> whose stream the current connection is subscribed to, one
    /// message each, in the connection's format; returns how many were sent. Nothing while <see cref="FakeWebSocketServer.Silent"/>.</summary>
    public Task<int> SendTradesAsync(IEnumerable<Trade> trades, CancellationToken cancellationToken = default) =>
        Current is { } connection ? SendTradesAsync(connection, trades, cancellationToken) : Task.FromResult(0);

    /// <summary>Sends each of <paramref name="trades"/> whose stream <paramref name="connection"/> is subscribed to, one
    /// message each, in the connection's format (raw or combined); returns how many were sent. Nothing while
    /// <see cref="FakeWebSocketServer.Silent"/>.</summary>
    public async Task<int> SendTradesAsync(FakeWebSocketConnection connection, IEnumerable<Trade> trades, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Silent || connection.Silent)
        {
            return 0;
        }

        var subscribed = SubscribedSymbolsOf(connection);
        var combined = IsCombinedEndpoint(connection);
        var sent = 0;
        foreach (var trade in trades)
        {
            if (subscribed.Contains(trade.Symbol))
            {
                await connection.SendTextAsync(BinanceFrames.Trade(trade, AggTrade, combined), cancellationToken);
                sent++;
            }
        }

        return sent;
    }

    private static bool IsCombinedEndpoint(FakeWebSocketConnection connection) => connection.Path.StartsWith("/stream", StringComparison.Ordinal);

    protected override Task OnConnectedAsync(FakeWebSocketConnection connection, CancellationToken cancellationToken)
    {
        var streams = new HashSet<string>(StringComparer.Ordinal);
        const string prefix = "?streams=";
        if (connection.Query.StartsWith(prefix, StringComparison.Ordinal))
        {
            streams.UnionWith(Uri.UnescapeDataString(connection.Query[prefix.Length..]).Split('/', StringSplitOptions.RemoveEmptyEntries));
        }

        lock (_lock)
        {
            _streams[connection.Index] = streams;
        }

        SubscriptionsChanged?.Invoke(connection);
        return Task.CompletedTask;
    }

    protected override async Task OnTextAsync(FakeWebSocketConnection connection, string text, CancellationToken cancellationToken)
    {
        BinanceRequest request;
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            request = new BinanceRequest(
                connection.Index,
                root.GetProperty("method").GetString() ?? string.Empty,
                root.TryGetProperty("params", out var parameters) ? [.. parameters.EnumerateArray().Select(p => p.GetString() ?? string.Empty)] : [],
                root.GetProperty("id").GetInt64());
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // What Binance answers to a request it cannot read.
            await connection.SendTextAsync("""{"error":{"code":3,"msg":"Invalid JSON: expected value at line 1 column 1"}}""", cancellationToken);
            return;
        }

        lock (_lock)
        {
            _requests.Add(request);
            if (!AnswerWithErrors)
            {
                var streams = _streams[connection.Index];
                if (request.Method == "SUBSCRIBE")
                {
                    streams.UnionWith(request.Streams);
                }
                else if (request.Method == "UNSUBSCRIBE")
                {
                    streams.ExceptWith(request.Streams);
                }
            }
        }

        await connection.SendTextAsync(
            AnswerWithErrors ? BinanceFrames.Error(2, "Invalid request: the fake server refuses", request.Id) : BinanceFrames.Answer(request.Id),
            cancellationToken);
        SubscriptionsChanged?.Invoke(connection);
    }
}
