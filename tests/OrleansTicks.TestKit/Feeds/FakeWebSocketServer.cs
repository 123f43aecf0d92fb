using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansTicks.TestKit.Feeds;

/// <summary>A websocket server on 127.0.0.1 (a free port) for feed-connector tests: Kestrel with UseWebSockets,
/// every path accepted. It records each connection and what the client sent, hands every text message to
/// <see cref="OnTextAsync"/> (a vendor's fake answers there), and can go silent or hold handshakes. A vendor's fake server derives from it.</summary>
public class FakeWebSocketServer : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<FakeWebSocketConnection> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    /// <summary>The server's base address, <c>ws://127.0.0.1:port</c>.</summary>
    public Uri BaseUri { get; private set; } = new("ws://127.0.0.1/");

    /// <summary>While true, the server answers nothing: <see cref="OnTextAsync"/> is not called (messages are still
    /// recorded) and nothing is pushed by the vendor's helpers.</summary>
    public bool Silent { get; set; }

    /// <summary>While true, upgrade requests are accepted at the TCP level but never answered (a server that hangs
    /// in the handshake).</summary>
    public bool HoldHandshakes { get; set; }

    /// <summary>Every connection accepted, oldest first.</summary>
    public IReadOnlyList<FakeWebSocketConnection> Connections
    {
        get
        {
            lock (_lock)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>The connection accepted last, if any.</summary>
    public FakeWebSocketConnection? Current
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count == 0 ? null : _connections[^1];
            }
        }
    }

    /// <summary>Upgrade requests held by <see cref="HoldHandshakes"/>.</summary>
    public int HeldHandshakes { get; private set; }

    /// <summary>Starts listening.</summary>
    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal));
        _app = app;
    }

    /// <summary>Waits until the server has accepted <paramref name="count"/> connections; returns the last.</summary>
    public async Task<FakeWebSocketConnection> WaitForConnectionAsync(int count)
    {
        await Wait.UntilAsync(() => Connections.Count >= count, $"connection {count} to the fake server");
        return Connections[count - 1];
    }

    /// <summary>Drops the current connection (no close handshake).</summary>
    public void DropCurrent() => Current?.Drop();

    /// <summary>Handles a text message from the client; the base does nothing (a silent peer).</summary>
    protected virtual Task OnTextAsync(FakeWebSocketConnection connection, string text, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once a connection is open, before its first message is read.</summary>
    protected virtual Task OnConnectedAsync(FakeWebSocketConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var stopping = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted).Token;
        if (HoldHandshakes)
        {
            lock (_lock)
            {
                HeldHandshakes++;
            }

            await Task.Delay(Timeout.Infinite, stopping).ContinueWith(static _ => { }, TaskScheduler.Default);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        FakeWebSocketConnection connection;
        lock (_lock)
        {
            connection = new FakeWebSocketConnection(_connections.Count + 1, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? string.Empty, socket);
            _connections.Add(connection);
        }

        try
        {
            await OnConnectedAsync(connection, stopping);
            await ReadAsync(connection, stopping);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, the test dropped the connection, or the server stops.
        }
        finally
        {
            connection.OnEnded();
        }
    }

    private async Task ReadAsync(FakeWebSocketConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        while (connection.IsOpen)
        {
            var result = await connection.Socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await connection.CloseAsync(cancellationToken);
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            message.SetLength(0);
            connection.OnReceived(text);
            if (!Silent && !connection.Silent)
            {
                await OnTextAsync(connection, text, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var connection in Connections)
        {
            connection.Drop();
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
