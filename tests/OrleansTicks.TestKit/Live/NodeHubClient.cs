using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansTicks.TestKit.Live;

/// <summary>A hub client in a node process: tests/js/hub-client.mjs with the real @microsoft/signalr client. The test
/// sends it invocations on stdin and reads what it saw, in order, from its stdout (JSON lines).</summary>
public sealed class NodeHubClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<JsonElement> _events = [];
    private readonly Lock _lock = new();
    private readonly System.Text.StringBuilder _stderr = new();
    private int _nextId;
    private int _disposed;

    private NodeHubClient(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, line) =>
        {
            if (!string.IsNullOrEmpty(line.Data))
            {
                var element = JsonDocument.Parse(line.Data).RootElement.Clone();
                lock (_lock)
                {
                    _events.Add(element);
                }
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (_lock)
            {
                _stderr.AppendLine(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything the client saw so far, in order.</summary>
    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The client's messages of one kind (<c>quote</c>, <c>bar</c>, <c>regenerationCompleted</c>).</summary>
    public IReadOnlyList<JsonElement> Messages(string kind) =>
        [.. Events.Where(e => e.GetProperty("event").GetString() == kind).Select(e => e.GetProperty("data"))];

    /// <summary>Starts a client (with <paramref name="apiKey"/> as its access token, if given) and waits until it is
    /// connected.</summary>
    public static async Task<NodeHubClient> ConnectAsync(string hubUrl, string? apiKey = null)
    {
        string[] arguments = apiKey is null ? [Path.Combine(JsTests.Directory, "hub-client.mjs"), hubUrl] : [Path.Combine(JsTests.Directory, "hub-client.mjs"), hubUrl, apiKey];
        var start = new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = JsTests.Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var client = new NodeHubClient(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
        await client.WaitForAsync(events => events.Any(e => e.GetProperty("event").GetString() is "connected" or "failed"), "the client to connect");
        var first = client.Events.First(e => e.GetProperty("event").GetString() is "connected" or "failed");
        if (first.GetProperty("event").GetString() == "failed")
        {
            throw new InvalidOperationException($"The hub client could not connect: {first}");
        }

        return client;
    }

    /// <summary>Invokes a hub method; answers the result, or throws <see cref="HubCallFailedException"/> with the
    /// server's error message.</summary>
    public async Task<JsonElement> InvokeAsync(string method, params object?[] args)
    {
        var id = Interlocked.Increment(ref _nextId);
        var command = new JsonObject
        {
            ["op"] = "invoke",
            ["id"] = id,
            ["method"] = method,
            ["args"] = JsonSerializer.SerializeToNode(args),
        };
        await _process.StandardInput.WriteLineAsync(command.ToJsonString());
        await _process.StandardInput.FlushAsync();
        JsonElement answer = default;
        await WaitForAsync(events => events.Any(e => IsAnswer(e, id, out answer)), $"the answer to {method} #{id}");
        return answer.GetProperty("event").GetString() == "result"
            ? answer.GetProperty("result")
            : throw new HubCallFailedException(answer.GetProperty("message").GetString()!);
    }

    /// <summary>Calls the hub's Subscribe with <paramref name="symbols"/> as its one argument.</summary>
    public Task<JsonElement> SubscribeAsync(params string?[] symbols) => InvokeAsync("Subscribe", (object)symbols);

    /// <summary>Calls the hub's Unsubscribe with <paramref name="symbols"/> as its one argument.</summary>
    public Task<JsonElement> UnsubscribeAsync(params string?[] symbols) => InvokeAsync("Unsubscribe", (object)symbols);

    /// <summary>The position of the answer to the <paramref name="nth"/> invocation (1-based) in <see cref="Events"/>.</summary>
    public int IndexOfAnswer(int nth) => Events.ToList().FindIndex(e => IsAnswer(e, nth, out _));

    public Task WaitForAsync(Func<IReadOnlyList<JsonElement>, bool> condition, string what) =>
        Wait.UntilAsync(() => condition(Events) || _process.HasExited && condition(Events), () => $"{what} (stderr: {Stderr()})");

    /// <summary>Kills the process: the connection ends without a close handshake.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().Within();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private string Stderr()
    {
        lock (_lock)
        {
            return _stderr.ToString().Trim();
        }
    }

    private static bool IsAnswer(JsonElement e, int id, out JsonElement answer)
    {
        answer = e;
        return e.GetProperty("event").GetString() is "result" or "error" && e.GetProperty("id").GetInt32() == id;
    }
}

/// <summary>A hub method failed; the message is the server's.</summary>
public sealed class HubCallFailedException(string message) : Exception(message);
