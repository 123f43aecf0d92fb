using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using OrleansTicks.TestKit;

namespace OrleansTicks.Api.Tests.Observability;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task Metrics_reach_an_otlp_http_receiver_when_the_endpoint_is_set()
    {
        var received = new ConcurrentQueue<(string Path, string? ContentType, byte[] Body)>();
        await using var receiver = await StartReceiverAsync(received);
        await using var factory = QuietApi.Create()
            .With("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Urls.Single())
            .With("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .With("OTEL_METRIC_EXPORT_INTERVAL", "200");
        using var client = factory.CreateClient();

        await Wait.UntilAsync(() => received.Any(r => Contains(r.Body, "orleansticks.grains.active")), "an OTLP export with the runtime's gauge");

        var export = received.First(r => Contains(r.Body, "orleansticks.grains.active"));
        Assert.Equal("/v1/metrics", export.Path);
        Assert.Equal("application/x-protobuf", export.ContentType);
        Assert.True(Contains(export.Body, "orleansticks.trades.published"), "the feed's meter is exported too");
    }

    [Fact]
    public async Task A_bad_protocol_stops_the_process_at_start_naming_the_setting()
    {
        await using var factory = new TicksApiFactory()
            .With("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")
            .With("OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon");

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("OTEL_EXPORTER_OTLP_PROTOCOL", error.ToString(), StringComparison.Ordinal);
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>A real OTLP/HTTP endpoint on loopback: it accepts protobuf posts and answers an empty
    /// ExportMetricsServiceResponse (an empty protobuf message is zero bytes).</summary>
    private static async Task<WebApplication> StartReceiverAsync(ConcurrentQueue<(string, string?, byte[])> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/metrics", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((context.Request.Path, context.Request.ContentType, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return app;
    }
}
