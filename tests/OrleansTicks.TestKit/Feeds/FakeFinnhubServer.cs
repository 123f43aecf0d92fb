using System.Text.Json;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.TestKit.Feeds;

/// <summary>A local server speaking Finnhub's websocket format: <c>{"type":"subscribe"|"unsubscribe","symbol":..}</c>
/// recorded per connection, trades pushed only for the symbols the connection is subscribed to, pings and errors on
/// demand. What Finnhub answers to a message it cannot read is an error message, and so does this server.</summary>
public sealed class FakeFinnhubServer : FakeWebSocketServer
{
    private readonly Lock _lock = new();
    private readonly List<(int Connection, bool Subscribe, string Symbol)> _requests = [];
    private readonly Dictionary<int, HashSet<string>> _subscribed = [];

    /// <summary>Every subscribe (true) or unsubscribe (false), per connection, in order.</summary>
    public IReadOnlyList<(int Connection, bool Subscribe, string Symbol)> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The symbols the current connection is subscribed to.</summary>
    public IReadOnlySet<string> SubscribedSymbols
    {
        get
        {
            lock (_lock)
            {
                return Current is { } connection && _subscribed.TryGetValue(connection.Index, out var symbols)
                    ? symbols.ToHashSet(StringComparer.Ordinal)
                    : new HashSet<string>(StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Starts a server.</summary>
    public static async Task<FakeFinnhubServer> StartNewAsync()
    {
        var server = new FakeFinnhubServer();
        await server.StartAsync();
        return server;
    }

    /// <summary>Sends the trades whose symbols the current connection is subscribed to, in messages of up to
    /// <paramref name="perMessage"/> trades; returns how many trades were sent. Nothing while silent.</summary>
    public async Task<int> SendTradesAsync(IEnumerable<Trade> trades, int perMessage = 1, CancellationToken cancellationToken = default)
    {
        if (Silent || Current is not { } connection || connection.Silent)
        {
            return 0;
        }

        var subscribed = SubscribedSymbols;
        var sending = trades.Where(t => subscribed.Contains(t.Symbol)).ToList();
        foreach (var chunk in sending.Chunk(perMessage))
        {
            await connection.SendTextAsync(FinnhubFrames.Trades(chunk), cancellationToken);
        }

        return sending.Count;
    }

    protected override Task OnConnectedAsync(FakeWebSocketConnection connection, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _subscribed[connection.Index] = new HashSet<string>(StringComparer.Ordinal);
        }

        return Task.CompletedTask;
    }

    protected override async Task OnTextAsync(FakeWebSocketConnection connection, string text, CancellationToken cancellationToken)
    {
        string? type = null, symbol = null;
        try
        {
            using var json = JsonDocument.Parse(text);
            type = json.RootElement.GetProperty("type").GetString();
            symbol = json.RootElement.GetProperty("symbol").GetString();
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Answered below.
        }

        if (type is not ("subscribe" or "unsubscribe") || string.IsNullOrEmpty(symbol))
        {
            await connection.SendTextAsync(FinnhubFrames.Error("Invalid message"), cancellationToken);
            return;
        }

        lock (_lock)
        {
            _requests.Add((connection.Index, type == "subscribe", symbol));
            var symbols = _subscribed[connection.Index];
            if (type == "subscribe")
            {
                symbols.Add(symbol);
            }
            else
            {
                symbols.Remove(symbol);
            }
        }
    }
}
