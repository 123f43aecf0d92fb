using BenchmarkDotNet.Running;
using OrleansTicks.Benchmarks.Cluster;
using OrleansTicks.Benchmarks.Infrastructure;
using OrleansTicks.Benchmarks.Ingestion;

// `ingest` runs the end-to-end load harness, `rabbitmq` the broker throughput harness; anything else goes to
// BenchmarkDotNet.
if (args is ["ingest", ..])
{
    return await IngestionHarness.RunAsync(args[1..]);
}

if (args is ["rabbitmq", ..])
{
    return await RabbitMqThroughputHarness.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, BenchConfig.Create());
return 0;
