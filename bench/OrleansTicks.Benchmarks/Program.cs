using BenchmarkDotNet.Running;
using OrleansTicks.Benchmarks.Infrastructure;
using OrleansTicks.Benchmarks.Ingestion;

// `ingest` runs the end-to-end load harness; anything else goes to BenchmarkDotNet.
if (args is ["ingest", ..])
{
    return await IngestionHarness.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, BenchConfig.Create());
return 0;
