using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansTicks.TestKit.Feeds;

/// <summary>A local HTTP server for REST feed tests, on Kestrel, loopback, a free port: each path gets what the test
/// sets (a status and a body, or no answer at all until the client gives up); other paths get the fallback. It counts
/// the requests per path and keeps their query strings.</summary>
public sealed class FakeHttpServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _queries = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<HttpContext, Task> _fallback;
    private WebApplication? _app;

    private FakeHttpServer(Func<HttpContext, Task> fallback) => _fallback = fallback;

    /// <summary>The base address, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The query strings of every request, in arrival order.</summary>
    public IReadOnlyList<string> Queries => [.. _queries];

    /// <summary>Starts a server that answers paths it was not told about with <paramref name="fallback"/> (404 with
    /// an empty body when null).</summary>
    public static async Task<FakeHttpServer> StartAsync(Func<HttpContext, Task>? fallback = null)
    {
        var server = new FakeHttpServer(fallback ?? (static context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server._app = app;
        server.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    /// <summary>Answers <paramref name="path"/> with <paramref name="status"/> and <paramref name="body"/>.</summary>
    public void Answer(string path, int status, string body, string contentType = "application/json") => _answers[path] = async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    };

    /// <summary>Never answers <paramref name="path"/>: the request stays open until the client gives up.</summary>
    public void Hang(string path) => _answers[path] = async context =>
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, or the server stops.
        }
    };

    /// <summary>How many requests for <paramref name="path"/> have arrived.</summary>
    public int Requests(string path) => _requests.TryGetValue(path, out var count) ? count : 0;

    /// <summary>Waits until at least <paramref name="count"/> requests for <paramref name="path"/> have arrived.</summary>
    public Task WaitForRequestsAsync(string path, int count) =>
        Wait.UntilAsync(() => Requests(path) >= count, () => $"{count} requests for {path} (seen {Requests(path)})");

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _queries.Enqueue(context.Request.QueryString.Value ?? string.Empty);
        _requests.AddOrUpdate(path, 1, static (_, count) => count + 1);
        await (_answers.TryGetValue(path, out var answer) ? answer : _fallback)(context);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }
}
