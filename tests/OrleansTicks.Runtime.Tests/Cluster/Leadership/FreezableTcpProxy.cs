using System.Net;
using System.Net.Sockets;

namespace OrleansTicks.Runtime.Tests.Cluster.Leadership;

/// <summary>A loopback TCP proxy to a server that can be frozen: while frozen it forwards nothing in either direction and
/// closes nothing, so both ends see a silent but open connection, as after a network cut (no FIN, no RST).</summary>
public sealed class FreezableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _closing = new();
    private readonly List<Task> _pumps = [];
    private readonly Task _accepting;
    private volatile TaskCompletionSource _thawed = NewGate(open: true);

    public FreezableTcpProxy(string host, int port)
    {
        _host = host;
        _port = port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Freeze() => _thawed = NewGate(open: false);

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _listener.Stop();
        _thawed.TrySetResult();
        try
        {
            await _accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped listening.
        }

        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps).WaitAsync(Wait.Generous);
        _closing.Dispose();
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.SetResult();
        }

        return gate;
    }

    private async Task AcceptAsync()
    {
        while (!_closing.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_closing.Token);
            var server = new TcpClient();
            await server.ConnectAsync(_host, _port, _closing.Token);
            lock (_pumps)
            {
                _pumps.Add(PumpAsync(client, server));
            }
        }
    }

    private async Task PumpAsync(TcpClient client, TcpClient server)
    {
        using (client)
        using (server)
        {
            await Task.WhenAny(CopyAsync(client.GetStream(), server.GetStream()), CopyAsync(server.GetStream(), client.GetStream()));
        }
    }

    // Forwards until either side closes or the proxy is disposed; while frozen, holds what it read and the close too.
    private async Task CopyAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _closing.Token);
                await _thawed.Task.WaitAsync(_closing.Token);
                if (read == 0)
                {
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _closing.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Disposed, or a side went away.
        }
    }
}
