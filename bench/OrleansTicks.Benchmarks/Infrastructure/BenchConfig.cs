using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace OrleansTicks.Benchmarks.Infrastructure;

/// <summary>One job for every benchmark. In process: BenchmarkDotNet 0.14 cannot generate and build a project
/// for net10.0, and the in-process toolchain needs neither. Few warmups and iterations, so the whole suite fits
/// a 2-core machine in a few minutes; each iteration still runs for the default 500 ms.</summary>
public static class BenchConfig
{
    public static IConfig Create() =>
        DefaultConfig.Instance
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(12)
                .WithId("InProcess")
                .AsDefault())
            .AddColumn(StatisticColumn.OperationsPerSecond);
}
