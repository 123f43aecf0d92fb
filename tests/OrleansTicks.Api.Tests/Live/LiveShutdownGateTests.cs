using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansTicks.Api.Live;

namespace OrleansTicks.Api.Tests.Live;

public sealed class LiveShutdownGateTests
{
    [Theory]
    [InlineData("/hubs/ticks/negotiate")]
    [InlineData("/hubs/ticks")]
    [InlineData("/ws")]
    public async Task A_stopping_node_refuses_new_live_connections_with_503_and_closes_the_http_connection(string path)
    {
        var lifetime = new Lifetime();
        var passed = false;
        var gate = new LiveShutdownGate(_ => { passed = true; return Task.CompletedTask; }, lifetime);
        await lifetime.StopAsync();

        var context = Request(path);
        await gate.InvokeAsync(context);

        Assert.False(passed);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("close", context.Response.Headers.Connection);
        Assert.Equal("1", context.Response.Headers.RetryAfter);
        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal("Shutting down", problem.RootElement.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("/hubs/ticks/negotiate", false)]
    [InlineData("/api/quotes/AAPL", true)]
    public async Task Requests_pass_while_running_and_other_paths_pass_while_stopping(string path, bool stopping)
    {
        var lifetime = new Lifetime();
        if (stopping)
        {
            await lifetime.StopAsync();
        }

        var passed = false;
        var gate = new LiveShutdownGate(_ => { passed = true; return Task.CompletedTask; }, lifetime);

        await gate.InvokeAsync(Request(path));

        Assert.True(passed);
    }

    private static DefaultHttpContext Request(string path) => new()
    {
        Request = { Path = path },
        Response = { Body = new MemoryStream() },
        RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
    };

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public Task StopAsync() => _stopping.CancelAsync();

        public void StopApplication() => _stopping.Cancel();
    }
}
