// The floor under the hub's trade-to-client latency goal on this machine (issue 5; bench/README.md, "API load").
// It makes the latency run's traffic with nothing of the product in the path: a thread paced at --rate trades/s stamps
// each trade with the clock and sends it, as one WebSocket frame holding a SignalR "quote" and "bar" invocation, to
// every connection that watches its symbol. bench/load/run.sh floor measures it with the hub's own load client
// (OrleansTicks.HubLoad), so the difference to the latency run is what the product's path costs, and what is left
// is the machine's (Kestrel, the sockets, the kernel and the hypervisor under both processes).
//
//   dotnet OrleansTicks.FanoutFloor.dll --port 5199 --rate 1000 --mode websocket|signalr --symbols AAPL,MSFT,...
//
// websocket: Kestrel's WebSockets, the frames written by the pacing thread itself (no queue, no thread hop of ours);
// the hub protocol's handshake and Subscribe answered by hand. signalr: a SignalR hub whose Subscribe joins a group per
// symbol, and IHubContext group sends (SignalR serializes each message once and writes it to every member in turn).
using System.Net;
using Microsoft.AspNetCore.SignalR;
using OrleansTicks.FanoutFloor;

var options = FloorOptions.Parse(args);
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
builder.Logging.ClearProviders();
builder.Services.AddSignalR();
var app = builder.Build();
var watchers = new Watchers();
if (options.Mode == "websocket")
{
    app.UseWebSockets();
    app.Map("/hubs/ticks", context => RawWatcher.ServeAsync(context, watchers));
}
else
{
    app.MapHub<FloorHub>("/hubs/ticks");
}

await app.StartAsync();
Action<string, byte[], Trade> send = options.Mode == "websocket"
    ? (symbol, frame, _) => watchers.Send(symbol, frame)
    : SignalRSender(app.Services.GetRequiredService<IHubContext<FloorHub>>());
var pacer = new Thread(() => Pacer.Run(options.Symbols, options.Rate, send, app.Lifetime.ApplicationStopping)) { IsBackground = true, Name = "pacer" };
pacer.Start();
Console.WriteLine($"fan-out floor ({options.Mode}) on http://127.0.0.1:{options.Port}, {options.Rate} trades/s over {options.Symbols.Count} symbols");
await app.WaitForShutdownAsync();
return 0;

static Action<string, byte[], Trade> SignalRSender(IHubContext<FloorHub> hub) =>
    (symbol, frame, trade) => hub.Clients.Group(symbol).SendAsync("quote", trade); // completes synchronously unless a member's pipe is full

namespace OrleansTicks.FanoutFloor
{
    internal sealed record FloorOptions(int Port, int Rate, string Mode, IReadOnlyList<string> Symbols)
    {
        public static FloorOptions Parse(string[] args)
        {
            var named = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                named[args[i].TrimStart('-')] = args[i + 1];
            }

            var mode = named.GetValueOrDefault("mode", "websocket");
            if (mode is not ("websocket" or "signalr"))
            {
                throw new ArgumentException("--mode takes websocket (Kestrel's WebSockets, frames written by hand) or signalr (a hub and group sends)");
            }

            return new FloorOptions(int.Parse(named.GetValueOrDefault("port", "5199"), System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(named.GetValueOrDefault("rate", "1000"), System.Globalization.CultureInfo.InvariantCulture), mode,
                named.GetValueOrDefault("symbols", "AAPL").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }
}
