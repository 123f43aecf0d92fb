using Microsoft.Extensions.Configuration;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Storage;
using OrleansTicks.Runtime.Streams;

namespace OrleansTicks.Runtime.Tests.Cluster.Transport;

public sealed class TallyState
{
    public List<int> Received { get; set; } = [];

    public List<string> Nodes { get; set; } = [];
}

public sealed record TallyReport(IReadOnlyList<int> Received, IReadOnlyList<string> Nodes);

public interface ITallyGrain : IGrainWithStringKey
{
    Task<TallyReport> GetAsync();
}

/// <summary>Receives the cluster stream "tally/{key}" and keeps every value and every node it ran on, written when it
/// deactivates (so a handed-over activation passes its tally to the next owner).</summary>
[ImplicitStreamSubscription(Namespace)]
public sealed class TallyGrain(IConfiguration configuration, [PersistentState("tally")] IPersistentState<TallyState> state) : Grain, ITallyGrain, IAsyncBatchObserver<int>
{
    public const string Namespace = "tally";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.Nodes.Add(configuration["Cluster:SiloId"]!);
        return base.OnActivateAsync(cancellationToken);
    }

    public Task OnNextBatchAsync(StreamBatch<int> batch, CancellationToken cancellationToken = default)
    {
        foreach (var value in batch.Items.Span)
        {
            state.State.Received.Add(value);
        }

        return Task.CompletedTask;
    }

    public Task<TallyReport> GetAsync() => Task.FromResult(new TallyReport([.. state.State.Received], [.. state.State.Nodes]));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await state.WriteStateAsync(cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }
}
