using Microsoft.Extensions.Configuration;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Tests.Cluster.Transport;

public sealed class PlacementState
{
    public int Total { get; set; }
}

/// <summary>What a call round-trips: a record with a time, a list and a nullable.</summary>
public sealed record PlacementEcho(string Key, DateTime At, IReadOnlyList<decimal> Values, string? Note);

public interface IPlacementGrain : IGrainWithStringKey
{
    /// <summary>The node the activation runs on.</summary>
    Task<string> WhereAsync();

    /// <summary>Adds in memory; the total is written only when the activation deactivates.</summary>
    Task<int> AddAsync(int amount);

    Task FailAsync(string message);

    Task<PlacementEcho> EchoAsync(PlacementEcho echo, CancellationToken cancellationToken);

    Task ReportToAsync(IPlacementObserver observer, int count);
}

public interface IPlacementObserver : IGrainObserver
{
    /// <summary>A report from <paramref name="from"/> (<c>key@node</c>).</summary>
    Task OnReportAsync(string from, int sequence);
}

public sealed class PlacementGrain(IConfiguration configuration, [PersistentState("placement")] IPersistentState<PlacementState> state) : Grain, IPlacementGrain
{
    public Task<string> WhereAsync() => Task.FromResult(configuration["Cluster:SiloId"]!);

    public Task<int> AddAsync(int amount)
    {
        state.State.Total += amount;
        return Task.FromResult(state.State.Total);
    }

    public Task FailAsync(string message) => throw new ArgumentOutOfRangeException(nameof(message), message);

    public Task<PlacementEcho> EchoAsync(PlacementEcho echo, CancellationToken cancellationToken) =>
        Task.FromResult(echo with { Note = $"{echo.Note} via {configuration["Cluster:SiloId"]}", Key = GetPrimaryKeyString() });

    public async Task ReportToAsync(IPlacementObserver observer, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await observer.OnReportAsync($"{GetPrimaryKeyString()}@{configuration["Cluster:SiloId"]}", i);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await state.WriteStateAsync(cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }
}

public interface IPlacementWorkerGrain : IGrainWithStringKey
{
    Task<string> WhereAsync();
}

[StatelessWorker(2)]
public sealed class PlacementWorkerGrain(IConfiguration configuration) : Grain, IPlacementWorkerGrain
{
    public Task<string> WhereAsync() => Task.FromResult(configuration["Cluster:SiloId"]!);
}
