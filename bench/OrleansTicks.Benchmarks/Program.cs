using BenchmarkDotNet.Running;
using OrleansTicks.Benchmarks.Infrastructure;

BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, BenchConfig.Create());
