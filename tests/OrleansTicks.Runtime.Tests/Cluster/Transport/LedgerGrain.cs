using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Storage;
using OrleansTicks.Runtime.Streams;

namespace OrleansTicks.Runtime.Tests.Cluster.Transport;

public sealed class LedgerState
{
    public int Next { get; set; }

    public long Sum { get; set; }

    public int Applied { get; set; }

    public int Gaps { get; set; }
}

public sealed record LedgerReport(int Next, long Sum, int Applied, int Gaps, int Duplicates);

public interface ILedgerGrain : IGrainWithStringKey
{
    Task<LedgerReport> GetAsync();
}

/// <summary>Receives the cluster stream "ledger/{key}", whose producer sends 0, 1, 2, ... in order, as a symbol grain
/// receives trades: it applies each value once (a value below the next expected is a redelivered one, skipped; one
/// above it is a loss, counted as a gap), and writes its state only at checkpoints and when it deactivates — so what a
/// crash loses is exactly what was applied since the last checkpoint, which must come again.</summary>
[ImplicitStreamSubscription(Namespace)]
public sealed class LedgerGrain([PersistentState("ledger")] IPersistentState<LedgerState> state) : Grain, ILedgerGrain, IAsyncBatchObserver<int>, ICheckpointParticipant
{
    public const string Namespace = "ledger";
    private bool _dirty;
    private int _duplicates;

    public Task OnNextBatchAsync(StreamBatch<int> batch, CancellationToken cancellationToken = default)
    {
        var s = state.State;
        foreach (var value in batch.Items.Span)
        {
            if (value < s.Next)
            {
                _duplicates++;
                continue;
            }

            if (value > s.Next)
            {
                s.Gaps++;
            }

            s.Next = value + 1;
            s.Sum += value;
            s.Applied++;
            _dirty = true;
        }

        return Task.CompletedTask;
    }

    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await state.WriteStateAsync(cancellationToken);
            _dirty = false;
        }
    }

    public Task<LedgerReport> GetAsync() =>
        Task.FromResult(new LedgerReport(state.State.Next, state.State.Sum, state.State.Applied, state.State.Gaps, _duplicates));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await CheckpointAsync(cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }
}
