using OrleansTicks.Runtime.Tests.Grains;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Runtime;

[Collection(nameof(WorkerGrain))] // WorkerGrain counts in statics
public sealed class StatelessWorkerTests
{
    [Fact]
    public async Task Stateless_worker_runs_at_most_n_calls_at_once_and_uses_all_n()
    {
        WorkerGrain.Reset();
        await using var silo = await TestSilo.StartAsync();
        var worker = silo.Grains.GetGrain<IWorkerGrain>("pool");

        var calls = Enumerable.Range(0, 40).Select(_ => worker.WorkAsync("pool-gate")).ToArray();
        await Wait.UntilAsync(() => silo.Probe.Count("worker/started") == 3, "three workers to start");
        await Task.Delay(50); // a broken pool would start a fourth now
        Assert.Equal(3, silo.Probe.Count("worker/started"));

        silo.Probe.Open("pool-gate");
        await Task.WhenAll(calls).Within();

        Assert.Equal(3, WorkerGrain.MaxRunning);
        Assert.Equal(40, silo.Probe.Count("worker/started"));
    }
}
