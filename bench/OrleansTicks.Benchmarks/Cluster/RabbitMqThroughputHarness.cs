using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Runtime.Cluster.RabbitMq;

namespace OrleansTicks.Benchmarks.Cluster;

/// <summary>Trades per second through RabbitMQ end to end on this machine: one publisher (confirms, a bound on
/// messages in flight) sends trade batches round-robin over P partitions; one consumer connection consumes every
/// partition (manual acks up to a tag, prefetch), decodes each batch and counts its trades. The clock runs from the
/// first publish until the consumer has counted every trade. Batches travel in <see cref="TradeBatchCodec"/>'s binary
/// format; <c>--codec json</c> measures the JSON array the harness used before.</summary>
internal static class RabbitMqThroughputHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var trades = int.Parse(Option(args, "--trades") ?? "2000000", CultureInfo.InvariantCulture);
        var batch = int.Parse(Option(args, "--batch") ?? "50", CultureInfo.InvariantCulture);
        var codec = TradeCodec.Parse(Option(args, "--codec") ?? "binary");
        if (args.Contains("--codec-only"))
        {
            // What the codec alone costs on this machine: encode and decode the same trades, no broker.
            var started = Stopwatch.GetTimestamp();
            long decoded = 0;
            long bytes = 0;
            for (var message = 0; message < trades / batch; message++)
            {
                var body = codec.Encode(Sample(message, batch));
                bytes += body.Length;
                decoded += codec.Decode(body);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{codec.Name} codec alone, one thread: {decoded / Stopwatch.GetElapsedTime(started).TotalSeconds:N0} trades/s encoded and decoded, {(double)bytes / decoded:F1} bytes per trade"));
            return 0;
        }

        var uri = Option(args, "--uri") ?? Environment.GetEnvironmentVariable("ORLEANSTICKS_TEST_RABBITMQ")
            ?? throw new ArgumentException("Give the broker with --uri amqp://guest:guest@127.0.0.1:5672/ or ORLEANSTICKS_TEST_RABBITMQ.");
        var inFlight = int.Parse(Option(args, "--in-flight") ?? "256", CultureInfo.InvariantCulture);
        var partitionCounts = (Option(args, "--partitions") ?? "1,32").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture));
        Console.WriteLine($"rabbitmq harness: {Environment.ProcessorCount} cores, {trades:N0} trades in batches of {batch}, {inFlight} messages in flight, {codec.Name} codec");
        foreach (var partitions in partitionCounts)
        {
            await RunOnceAsync(new Uri(uri), partitions, trades / batch, batch, inFlight, codec);
        }

        return 0;
    }

    private static async Task RunOnceAsync(Uri uri, int partitions, int messages, int batch, int inFlight, TradeCodec codec)
    {
        await using var publishing = await RabbitMqConnections.ConnectAsync(uri, "bench-publisher", NullLogger.Instance);
        await using var consuming = await RabbitMqConnections.ConnectAsync(uri, "bench-consumer", NullLogger.Instance);
        var topology = new PartitionTopology($"bench-{Guid.NewGuid():N}", partitions);
        await using (var channel = await publishing.CreateChannelAsync())
        {
            await topology.DeclareAsync(channel);
        }

        long counted = 0;
        var expected = (long)messages * batch;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumers = new List<PartitionConsumer>();
        for (var partition = 0; partition < partitions; partition++)
        {
            var holder = new PartitionConsumer?[1];
            var unacked = 0;
            holder[0] = await PartitionConsumer.StartAsync(consuming, topology, partition, prefetch: 500, async (delivery, ct) =>
            {
                var decoded = codec.Decode(delivery.Body.Span);
                // Ack every 100 deliveries (up to the latest): well inside the prefetch window.
                if (++unacked == 100)
                {
                    unacked = 0;
                    await holder[0]!.AckUpToAsync(delivery.DeliveryTag, ct);
                }

                if (Interlocked.Add(ref counted, decoded) == expected)
                {
                    done.TrySetResult();
                }
            }, NullLogger.Instance);
            consumers.Add(holder[0]!);
        }

        await using var publisher = await PartitionPublisher.StartAsync(publishing, topology, inFlight, NullLogger.Instance);
        var started = Stopwatch.GetTimestamp();
        var pending = new List<Task>(messages);
        for (var message = 0; message < messages; message++)
        {
            pending.Add(publisher.PublishAsync(message % partitions, codec.Encode(Sample(message, batch))));
        }

        await Task.WhenAll(pending);
        var confirmed = Stopwatch.GetElapsedTime(started);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var elapsed = Stopwatch.GetElapsedTime(started);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{partitions,3} partitions: {expected / elapsed.TotalSeconds,12:N0} trades/s end to end ({messages / elapsed.TotalSeconds:N0} messages/s); all confirmed after {confirmed.TotalSeconds:F2} s, all consumed after {elapsed.TotalSeconds:F2} s"));

        foreach (var consumer in consumers)
        {
            await consumer.DisposeAsync();
        }

        await using var cleanup = await publishing.CreateChannelAsync();
        for (var partition = 0; partition < partitions; partition++)
        {
            await cleanup.QueueDeleteAsync(topology.QueueName(partition), ifUnused: false, ifEmpty: false);
        }

        await cleanup.ExchangeDeleteAsync(topology.ExchangeName, ifUnused: false);
    }

    // Message m carries ids from m * batch * 8 on (the sample spaces ids up to 7 apart), so every trade id of a run is distinct.
    private static Trade[] Sample(int message, int batch) => TradeBatchSample.Create(batch, seed: message, firstId: (long)message * batch * 8);

    private static string? Option(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
