// SignalR load client for the OrleansTicks hub (/hubs/ticks). It does what bench/load/signalr-load.mjs does and prints
// the same JSON line: N connections, each subscribing to K of the given symbols, and for every "quote" the delay from
// the trade's time (quote.time, stamped by the server's feed) to its receipt here. Server and client run on one machine
// and read the same clock. It also reports its own CPU over the measured seconds, because on a machine the client
// shares with the server whatever it burns per message is taken from the server it measures. Two clients:
// raw (default; RawHubConnection, the hub protocol spoken by hand with the least CPU per message) and official
// (Microsoft.AspNetCore.SignalR.Client).
//
//   dotnet OrleansTicks.HubLoad.dll --url http://127.0.0.1:5099 --connections 1000 --per 5 --symbols AAPL,MSFT,...
//                                   --warmup 20 --duration 10 [--client raw|official] [--key KEY] [--slow-ms 250]
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using OrleansTicks.HubLoad;

var options = LoadOptions.Parse(args);
var stats = new LoadStats(options.SlowMs);
var connections = new List<IAsyncDisposable>(options.Connections);
using var stop = new CancellationTokenSource();

// Opened 50 at a time, as the Node client does: a thousand handshakes at once only measure the accept queue.
for (var first = 0; first < options.Connections; first += 50)
{
    var batch = Enumerable.Range(first, Math.Min(50, options.Connections - first))
        .Select(i => options.Client == "raw" ? OpenRawAsync(i) : OpenOfficialAsync(i));
    connections.AddRange((await Task.WhenAll(batch)).OfType<IAsyncDisposable>());
}

var raw = connections.OfType<RawHubConnection>().ToList(); // the ones the protocol's pings are ours to send
var pinging = raw.Count == 0 ? Task.CompletedTask : PingAsync(stop.Token);
await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));
var window = stats.StartWindow();
await Task.Delay(TimeSpan.FromSeconds(options.DurationSeconds));
var result = stats.EndWindow(window);
await stop.CancelAsync();
await pinging;
await Task.WhenAll(connections.Select(async connection =>
{
    try
    {
        await connection.DisposeAsync();
    }
    catch (Exception error) when (error is IOException or InvalidOperationException or OperationCanceledException
                                     or System.Net.WebSockets.WebSocketException)
    {
        // The run is measured; a connection that fails to close changes nothing in the figures.
    }
}));
Console.WriteLine(JsonSerializer.Serialize(result, LoadJson.Default.LoadResult));
return 0;

// The Node client's choice: spread by the whole step floor(n/per), so that a connection's symbols are distinct.
string[] SymbolsOf(int index)
{
    var step = Math.Max(1, options.Symbols.Count / options.PerConnection);
    return [.. Enumerable.Range(0, options.PerConnection).Select(k => options.Symbols[(index * 7 + k * step) % options.Symbols.Count])];
}

async Task<IAsyncDisposable?> OpenOfficialAsync(int index)
{
    var hub = new HubConnectionBuilder()
        .WithUrl($"{options.Url}/hubs/ticks", http =>
        {
            http.Transports = HttpTransportType.WebSockets;
            http.SkipNegotiation = true;
            if (options.Key is { } key)
            {
                http.AccessTokenProvider = () => Task.FromResult<string?>(key);
            }
        })
        .Build();
    // The server pings every 15 s by default; without a longer timeout here a busy client drops connections and the
    // run measures reconnects instead of latency.
    hub.ServerTimeout = TimeSpan.FromSeconds(120);
    hub.On<QuoteTime>("quote", quote => stats.OnQuote(quote, DateTimeOffset.UtcNow));
    hub.On<Ignored>("bar", _ => stats.OnBar());
    try
    {
        await hub.StartAsync();
        var answer = await hub.InvokeAsync<SubscribeAnswer>("Subscribe", SymbolsOf(index));
        stats.Opened(answer.Rejected?.Count ?? 0);
        return hub;
    }
    catch (Exception error) when (IsConnectionFailure(error) || error is Microsoft.AspNetCore.SignalR.HubException)
    {
        stats.Failed(error.Message);
        await hub.DisposeAsync();
        return null;
    }
}

async Task<IAsyncDisposable?> OpenRawAsync(int index)
{
    var hubUri = new Uri($"{options.Url.Replace("http", "ws", StringComparison.Ordinal)}/hubs/ticks");
    var connection = new RawHubConnection(hubUri, options.Key, stats);
    try
    {
        stats.Opened(await connection.StartAsync(SymbolsOf(index), stop.Token));
        return connection;
    }
    catch (Exception error) when (IsConnectionFailure(error) || error is TimeoutException)
    {
        stats.Failed(error.Message);
        await connection.DisposeAsync();
        return null;
    }
}

// The hub protocol's keep-alive: the server closes a connection it has not heard from in 30 s.
async Task PingAsync(CancellationToken cancellationToken)
{
    try
    {
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            foreach (var connection in raw)
            {
                try
                {
                    await connection.PingAsync(cancellationToken);
                }
                catch (Exception error) when (error is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
                {
                    stats.Failed(error.Message);
                }
            }
        }
    }
    catch (OperationCanceledException)
    {
        // The run is over.
    }
}

static bool IsConnectionFailure(Exception error) =>
    error is HttpRequestException or InvalidOperationException or IOException or OperationCanceledException
        or System.Net.WebSockets.WebSocketException;

namespace OrleansTicks.HubLoad
{
    /// <summary>What the client reads of a quote: only what the measurement needs (the rest is skipped unparsed).</summary>
    public sealed record QuoteTime(string Symbol, DateTimeOffset Time);

    /// <summary>A message only counted: the deserializer skips its properties.</summary>
    internal sealed record Ignored;

    internal sealed record SubscribeAnswer(IReadOnlyList<JsonElement>? Rejected);

    internal sealed record LoadOptions(
        string Url, int Connections, int PerConnection, IReadOnlyList<string> Symbols,
        double WarmupSeconds, double DurationSeconds, string? Key, double SlowMs, string Client)
    {
        public static LoadOptions Parse(string[] args)
        {
            var named = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    named[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
                }
            }

            string Text(string name, string fallback) => named.GetValueOrDefault(name, fallback);
            double Number(string name, double fallback) =>
                named.TryGetValue(name, out var text) ? double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;

            var symbols = Text("symbols", "AAPL").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return new LoadOptions(
                Text("url", "http://127.0.0.1:5080").TrimEnd('/'), (int)Number("connections", 1000), (int)Number("per", 5),
                symbols, Number("warmup", 5), Number("duration", 20), named.GetValueOrDefault("key"), Number("slow-ms", 250),
                Text("client", "raw") is var client && client is "raw" or "official" ? client
                    : throw new ArgumentException("--client takes raw (the hand-spoken protocol) or official (Microsoft.AspNetCore.SignalR.Client)"));
        }
    }

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
                                 DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(LoadResult))]
    internal sealed partial class LoadJson : JsonSerializerContext;

    /// <summary>Reads the process's CPU time: what this client takes from the machine it shares with the server.</summary>
    public static class ClientCpu
    {
        public static TimeSpan Used()
        {
            using var process = Process.GetCurrentProcess();
            return process.TotalProcessorTime;
        }
    }
}
