using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.TestKit;

namespace OrleansTicks.Dashboard.Tests;

/// <summary>The API on a real Kestrel socket (loopback) with the simulated feed over a few symbols and in-memory storage.
/// It can be stopped and started again on the same port, as a person restarting the server; the new server starts
/// with no data, as after a restart with Storage:Provider=Memory (history is generated again on first use).</summary>
/// <param name="extraSettings">Settings on top of the defaults (API keys, say).</param>
public sealed class DashboardServer(IReadOnlyDictionary<string, string?>? extraSettings = null) : IAsyncDisposable
{
    /// <summary>The symbols the simulator trades (all S&amp;P 500 constituents, as it requires).</summary>
    public static readonly string[] Symbols = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL"];

    private DashboardApiFactory? _factory;
    private int _port;

    /// <summary>Where the server listens: the same address after a restart.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{_port}/");

    /// <summary>Starts the server: on a free port the first time, on the same port again after <see cref="StopAsync"/>.</summary>
    public Task StartAsync() => Task.Run(Start).Within(); // host start blocks: off the test's synchronization context

    private void Start()
    {
        if (_factory is not null)
        {
            throw new InvalidOperationException("The server is running already.");
        }

        var settings = new Dictionary<string, string?>
        {
            // In memory: a stopped server's last grain writes (WebApplicationFactory returns before the app's own
            // stop has finished) land in its own store, never in the next server's.
            ["Storage:Provider"] = "Memory",
            ["Feed:Kind"] = "simulator",
            ["Feed:Simulator:TradesPerSecond"] = "200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        for (var i = 0; i < Symbols.Length; i++)
        {
            settings[$"Feed:Simulator:Symbols:{i}"] = Symbols[i];
        }

        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = new DashboardApiFactory(settings);
        var port = _port;
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        try
        {
            factory.StartServer();
        }
        catch
        {
            factory.Dispose();
            throw;
        }

        _factory = factory;
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _port = new Uri(address).Port;
    }

    /// <summary>Stops the server: Kestrel closes its connections.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _factory, null) is { } factory)
        {
            await factory.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
