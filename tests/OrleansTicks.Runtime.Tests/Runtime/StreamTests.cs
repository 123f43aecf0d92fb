using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.Runtime.Streams;
using OrleansTicks.Runtime.Tests.Grains;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Runtime;

public sealed class StreamTests
{
    [Fact]
    public async Task Stream_items_arrive_in_order_per_key_and_batched()
    {
        await using var silo = await TestSilo.StartAsync(new() { ["Streams:memory:MaxBufferedItems"] = "4096" });
        var provider = silo.Host.Services.GetRequiredKeyedService<IStreamProvider>("memory");
        const int Keys = 10;
        const int PerKey = 50_000;

        var producers = Enumerable.Range(0, Keys).Select(k => Task.Run(async () =>
        {
            var stream = provider.GetStream<long>(StreamId.Create("numbers", $"key-{k}"));
            var random = new Random(k);
            var buffer = new long[300];
            for (long next = 0; next < PerKey;)
            {
                var size = (int)Math.Min(random.Next(1, buffer.Length), PerKey - next);
                for (var i = 0; i < size; i++)
                {
                    buffer[i] = next++;
                }

                await stream.OnNextBatchAsync(buffer.AsMemory(0, size)); // the buffer is reused at once
            }
        }));
        await Task.WhenAll(producers).Within();

        for (var k = 0; k < Keys; k++)
        {
            var grain = silo.Grains.GetGrain<INumberStreamGrain>($"key-{k}");
            await Wait.UntilAsync(() => grain.GetReportAsync().Result.Count == PerKey, $"all items of key-{k}");
            var report = await grain.GetReportAsync();
            Assert.Equal(0, report.OrderViolations);
            Assert.Equal(0, report.SequenceGaps);
            Assert.Equal(PerKey - 1, report.Last);
            Assert.InRange(report.Batches, 1, PerKey / 10); // batched, not one turn per item
        }
    }

    [Fact]
    public async Task Single_items_arrive_in_order_and_wait_for_room_when_the_buffer_is_full()
    {
        await using var silo = await TestSilo.StartAsync(new() { ["Streams:memory:MaxBufferedItems"] = "16" });
        var stream = silo.Host.Services.GetRequiredKeyedService<IStreamProvider>("memory").GetStream<long>(StreamId.Create("numbers", "single"));

        for (long i = 0; i < 5_000; i++)
        {
            await stream.OnNextAsync(i); // a 16-item buffer makes the producer wait again and again
        }

        var grain = silo.Grains.GetGrain<INumberStreamGrain>("single");
        await Wait.UntilAsync(() => grain.GetReportAsync().Result.Count == 5_000, "all single items");
        var report = await grain.GetReportAsync();
        Assert.Equal(0, report.OrderViolations);
        Assert.Equal(0, report.SequenceGaps);
    }

    [Fact]
    public async Task Producing_to_a_namespace_nobody_subscribes_to_is_refused()
    {
        await using var silo = await TestSilo.StartAsync();
        var provider = silo.Host.Services.GetRequiredKeyedService<IStreamProvider>("memory");

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetStream<long>(StreamId.Create("nobody", "x")));

        Assert.Contains("ImplicitStreamSubscription", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_items_buffered_at_shutdown_are_delivered_before_deactivation()
    {
        var silo = await TestSilo.StartAsync();
        var provider = silo.Host.Services.GetRequiredKeyedService<IStreamProvider>("memory");
        var stream = provider.GetStream<long>(StreamId.Create("numbers", "drain"));
        var items = Enumerable.Range(0, 10_000).Select(i => (long)i).ToArray();
        await stream.OnNextBatchAsync(items);
        var grain = silo.Grains.GetGrain<INumberStreamGrain>("drain");

        await silo.StopAsync(); // nobody waited for the delivery: shutdown must

        Assert.Contains("numbers/drain/deactivated-with/10000", silo.Probe.Events);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => grain.GetReportAsync());
        await Assert.ThrowsAsync<SiloUnavailableException>(async () => await stream.OnNextAsync(1));
        await silo.DisposeAsync();
    }
}
