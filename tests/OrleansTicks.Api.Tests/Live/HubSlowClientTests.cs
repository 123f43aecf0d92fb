using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.Api.Observability;
using OrleansTicks.TestKit;
using OrleansTicks.TestKit.Live;
using Xunit.Abstractions;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>A client that stops reading delays no other client and is closed once its outbox overflows.</summary>
public sealed class HubSlowClientTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_stalled_client_does_not_hold_up_a_healthy_one_and_is_aborted_when_its_outbox_overflows()
    {
        await using var server = await LiveServer.StartAsync(new() { ["Hub:MaxQuotesPerSecond"] = "0", ["Hub:MaxPendingMessages"] = "100" }, smallSendBuffers: true);
        var aborted = 0L;
        using var listener = ListenForSlowClientAborts(server, count => Interlocked.Add(ref aborted, count));
        await server.TradeAsync("AAPL", 100m);
        await using var healthy = await NodeHubClient.ConnectAsync(server.HubUrl);
        var snapshotSeq = (await healthy.SubscribeAsync("AAPL")).GetProperty("accepted")[0].GetProperty("seq").GetInt64();
        await using var stalled = await RawHubClient.ConnectAsync(server.HubUrl);
        await stalled.InvokeWithoutReadingAsync("Subscribe", "[[\"AAPL\"]]");
        await server.WaitForSubscribersAsync("AAPL", 2);

        // Fewer messages than the stalled client's outbox holds: it stays connected, the healthy one gets everything.
        for (var round = 0; round < 10; round++)
        {
            await server.TradeAndAwaitAsync(healthy, round);
        }

        Assert.Equal(2, server.Metrics.Connections);
        Assert.Equal(0, Interlocked.Read(ref aborted));

        // Keep trading until the stalled client's outbox overflows; the healthy client keeps up all along.
        var rounds = 10;
        while (Interlocked.Read(ref aborted) == 0 && rounds < 20_000)
        {
            await server.TradeAndAwaitAsync(healthy, rounds++);
        }

        output.WriteLine($"the stalled client was aborted after {rounds} trades");
        Assert.Equal(1, Interlocked.Read(ref aborted));
        await Wait.UntilAsync(() => server.Metrics.Connections == 1, "the stalled connection closed");
        await server.WaitForSubscribersAsync("AAPL", 1);
        await server.TradeAndAwaitAsync(healthy, rounds);

        var seqs = healthy.Events.Where(e => e.GetProperty("event").GetString() is "quote" or "bar")
            .Select(e => e.GetProperty("data").GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => snapshotSeq + 1 + i), seqs);
        Assert.DoesNotContain(healthy.Events, e => e.GetProperty("event").GetString() == "closed");
    }

    internal static MeterListener ListenForSlowClientAborts(LiveServer server, Action<long> onAbort)
    {
        var meters = server.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ApiMetrics.MeterName && instrument.Meter.Scope == meters
                    && instrument.Name == "orleansticks.hub.slow_clients.aborted")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => onAbort(value));
        listener.Start();
        return listener;
    }
}
