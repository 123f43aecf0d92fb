using System.Net.WebSockets;
using System.Net;
using System.Text.Json;
using System.Text;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.TestKit;
using OrleansTicks.TestKit.Live;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>The Finnhub-protocol endpoint /ws with a plain WebSocket client, as a Finnhub client would use it.</summary>
public sealed class FinnhubSocketTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Hub:MaxQuotesPerSecond"] = "0",
        ["Hub:WebSocketPingInterval"] = "00:00:00.200",
        ["Hub:MaxSymbolsPerConnection"] = "2",
    };

    [Fact]
    public async Task Subscribe_pushes_each_trade_in_finnhub_shape_and_unsubscribe_stops_the_count()
    {
        await using var server = await LiveServer.StartAsync(Settings);
        await using var client = await FinnhubClient.ConnectAsync(server.WebSocketUrl);
        await server.TradeAsync("AAPL", 100m);

        await client.SendAsync("""{"type":"subscribe","symbol":"aapl"}""");
        await server.WaitForSubscribersAsync("AAPL", 1);
        var trades = new List<Trade>();
        for (var i = 1; i <= 5; i++)
        {
            var trade = await server.TradeAsync("AAPL", 100m + i, size: i);
            trades.Add(trade);
            await server.WaitForAppliedAsync(trade);
        }

        await Wait.UntilAsync(() => client.Trades().Count(t => t.GetProperty("p").GetDecimal() == 105m) == 1, "the last trade pushed");
        var pushed = client.Trades().ToList();
        Assert.Equal(trades.Select(t => t.Price), pushed.Select(t => t.GetProperty("p").GetDecimal()));
        Assert.Equal(trades.Select(t => t.Size), pushed.Select(t => t.GetProperty("v").GetDecimal()));
        Assert.Equal(trades.Select(t => new DateTimeOffset(t.Time).ToUnixTimeMilliseconds()), pushed.Select(t => t.GetProperty("t").GetInt64()));
        Assert.All(pushed, t => Assert.Equal("AAPL", t.GetProperty("s").GetString()));
        Assert.All(pushed, t => Assert.Equal(JsonValueKind.Null, t.GetProperty("c").ValueKind));
        await Wait.UntilAsync(() => client.Messages.Any(m => m.GetProperty("type").GetString() == "ping"), "a ping");

        await client.SendAsync("""{"type":"unsubscribe","symbol":"AAPL"}""");
        await server.WaitForSubscribersAsync("AAPL", 0);
    }

    [Fact]
    public async Task Bad_messages_get_error_messages_and_the_connection_stays()
    {
        await using var server = await LiveServer.StartAsync(Settings);
        await using var client = await FinnhubClient.ConnectAsync(server.WebSocketUrl);

        await client.SendAsync("not json");
        await client.SendAsync("""{"type":"subscribe","symbol":"not a symbol"}""");
        await client.SendAsync("""{"type":"subscribe","symbol":"ZZZZQQ"}""");
        await client.SendAsync("""{"type":"subscribe"}""");
        await client.SendAsync("""{"type":"trade","symbol":"AAPL"}""");
        await client.SendAsync(new string('x', 5000));
        await client.SendAsync("""{"type":"subscribe","symbol":"AAPL","type":"unsubscribe"}""");
        await client.SendAsync("""{"type":"subscribe","symbol":123}""");
        await client.SendAsync("""{"type":42,"symbol":"AAPL"}""");
        await client.SendAsync("""{"type":"subscribe","symbol":"AAPL"} and more""");
        await client.SendAsync("""{"type":"subscribe","symbol":"AAPL"}""");
        await client.SendAsync("""{"type":"subscribe","symbol":"MSFT"}""");
        await client.SendAsync("""{"type":"subscribe","symbol":"NVDA"}""");

        await Wait.UntilAsync(() => client.Errors().Count == 11, "eleven errors");
        var errors = client.Errors();
        Assert.Contains("JSON object", errors[0], StringComparison.Ordinal);
        Assert.Contains("A-Z", errors[1], StringComparison.Ordinal);
        Assert.Contains("not a known symbol", errors[2], StringComparison.Ordinal);
        Assert.Contains("'' is not a symbol", errors[3], StringComparison.Ordinal);
        Assert.Contains("unknown message type 'trade'", errors[4], StringComparison.Ordinal);
        Assert.Contains("at most 4096 bytes", errors[5], StringComparison.Ordinal);
        Assert.Equal("'type' is given twice", errors[6]);
        Assert.Equal("\"symbol\" must be a string such as \"AAPL\"", errors[7]);
        Assert.Contains("needs a \"type\" string", errors[8], StringComparison.Ordinal);
        Assert.Contains("JSON object", errors[9], StringComparison.Ordinal);
        Assert.Contains("Hub:MaxSymbolsPerConnection", errors[10], StringComparison.Ordinal);
        // The symbol is quoted as sent ('ZZZZQQ'), not as \u0027ZZZZQQ\u0027.
        Assert.Contains(client.Messages, m => m.GetRawText().Contains("'ZZZZQQ' is not a known symbol", StringComparison.Ordinal));
        await server.TradeAsync("MSFT", 300m);
        await Wait.UntilAsync(() => client.Trades().Any(t => t.GetProperty("s").GetString() == "MSFT"), "a trade on the same connection");
    }

    [Fact]
    public async Task A_socket_that_stops_reading_is_aborted_once_its_outbox_overflows_without_holding_up_others()
    {
        await using var server = await LiveServer.StartAsync(new() { ["Hub:MaxQuotesPerSecond"] = "0", ["Hub:MaxPendingMessages"] = "50" }, smallSendBuffers: true);
        var aborted = 0L;
        using var listener = HubSlowClientTests.ListenForSlowClientAborts(server, count => Interlocked.Add(ref aborted, count));
        await server.TradeAsync("AAPL", 100m);
        await using var healthy = await NodeHubClient.ConnectAsync(server.HubUrl);
        await healthy.SubscribeAsync("AAPL");
        var (stalled, invoker) = await StallingSockets.ConnectAsync(server.WebSocketUrl);
        using (invoker)
        using (stalled)
        {
            await stalled.SendAsync("{\"type\":\"subscribe\",\"symbol\":\"AAPL\"}"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            await server.WaitForSubscribersAsync("AAPL", 2);

            var rounds = 0;
            while (Interlocked.Read(ref aborted) == 0 && rounds < 50_000)
            {
                await server.TradeAndAwaitAsync(healthy, rounds++);
            }

            Assert.Equal(1, Interlocked.Read(ref aborted));
            await server.WaitForSubscribersAsync("AAPL", 1);
            await Wait.UntilAsync(() => server.Metrics.Connections == 1, "the stalled socket closed");
            await server.TradeAndAwaitAsync(healthy, rounds);
        }
    }

    [Fact]
    public async Task A_plain_http_request_to_ws_gets_a_400_problem()
    {
        await using var server = await LiveServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync("/ws").Within();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Finnhub", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A Finnhub client: sends text messages, collects every message pushed.</summary>
    private sealed class FinnhubClient : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private readonly List<JsonElement> _messages = [];
        private readonly Lock _lock = new();
        private Task _reading = Task.CompletedTask;

        public IReadOnlyList<JsonElement> Messages
        {
            get
            {
                lock (_lock)
                {
                    return [.. _messages];
                }
            }
        }

        public static async Task<FinnhubClient> ConnectAsync(Uri url)
        {
            var client = new FinnhubClient();
            await client._socket.ConnectAsync(url, CancellationToken.None).Within();
            client._reading = client.ReadAsync();
            return client;
        }

        public IEnumerable<JsonElement> Trades() => Messages.Where(m => m.GetProperty("type").GetString() == "trade")
            .SelectMany(m => m.GetProperty("data").EnumerateArray());

        public List<string> Errors() => [.. Messages.Where(m => m.GetProperty("type").GetString() == "error").Select(m => m.GetProperty("msg").GetString()!)];

        public Task SendAsync(string text) =>
            _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).Within();

        public async ValueTask DisposeAsync()
        {
            _socket.Abort();
            await _reading.ContinueWith(_ => { }, TaskScheduler.Default);
            _socket.Dispose();
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, received.Count);
                if (received.EndOfMessage)
                {
                    var element = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                    message.SetLength(0);
                    lock (_lock)
                    {
                        _messages.Add(element);
                    }
                }
            }
        }
    }
}
