using Microsoft.Extensions.Logging;
using OrleansTicks.GrainInterfaces.Regeneration;
using OrleansTicks.Runtime;
using OrleansTicks.Runtime.Observers;
using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Grains.Regeneration;

/// <summary>One regeneration job: its status in grain storage, its observers, and the hand-off to the worker pool.
/// The worker runs the job in a call of its own that this grain does not await, so the job grain stays free to take
/// the worker's progress reports and status queries while the job runs.</summary>
public sealed partial class RegenerationJobGrain(
    [PersistentState("regeneration")] IPersistentState<RegenerationJobState> state,
    TimeProvider clock,
    ILogger<RegenerationJobGrain> logger)
    : Grain, IRegenerationJobGrain
{
    private static readonly TimeSpan ObserverExpiry = TimeSpan.FromHours(1);
    private static readonly TimeSpan ProgressSaveInterval = TimeSpan.FromSeconds(5);
    private ObserverManager<IRegenerationObserver> _observers = null!;
    private long _lastSave;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _observers = new ObserverManager<IRegenerationObserver>(ObserverExpiry, logger, clock);
        if (state.State.Status is { IsFinished: false } status)
        {
            // Progress reports keep a running job's grain active, so a job found unfinished here was cut off by a
            // restart: its replace rolled back, the old bars are in place.
            state.State.Status = status with
            {
                State = RegenerationState.Failed,
                Error = "The job was interrupted (the silo stopped); the previous bars are unchanged. Start it again.",
                FinishedAt = clock.GetUtcNow().UtcDateTime,
            };
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task<RegenerationStatus> StartAsync(RegenerationRequest request, IRegenerationObserver? observer)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (observer is not null)
        {
            await SubscribeAsync(observer);
        }

        if (state.State.Status is { } existing)
        {
            return existing;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        _ = HistoryPlan.For(request, now); // a bad request fails here, in the caller's call, with what is valid
        var jobId = GetPrimaryKeyString();
        state.State.Status = new RegenerationStatus(jobId, request, RegenerationState.Queued, 0, 0, null, null, null, now, null, null);
        await state.WriteStateAsync();
        _lastSave = clock.GetTimestamp();
        LogQueued(jobId, request.Symbol, request.Period, request.Interval, request.Seed);

        var run = GrainFactory.GetGrain<IRegenerationWorker>(IRegenerationWorker.PoolKey).RunAsync(jobId, request);
        _ = run.ContinueWith(
            static (task, log) => ((Action<Exception>)log!)(task.Exception!.GetBaseException()),
            (Action<Exception>)(exception => LogWorkerCallFailed(exception, jobId)),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return state.State.Status;
    }

    public Task<RegenerationStatus?> GetStatusAsync() => Task.FromResult(state.State.Status);

    public async Task SubscribeAsync(IRegenerationObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (state.State.Status is { IsFinished: true } finished)
        {
            await observer.OnRegenerationFinishedAsync(finished);
            return;
        }

        _observers.Subscribe(observer);
    }

    public async Task ReportStartedAsync(DateTime from, DateTime to)
    {
        var status = Current() with { State = RegenerationState.Running, From = from, To = to, StartedAt = clock.GetUtcNow().UtcDateTime };
        state.State.Status = status;
        await state.WriteStateAsync();
        _observers.Notify(o => o.OnRegenerationProgressAsync(status));
    }

    public async Task ReportProgressAsync(long barCount, double progress)
    {
        var status = Current() with { BarCount = barCount, Progress = Math.Clamp(progress, 0, 1) };
        state.State.Status = status;
        if (clock.GetElapsedTime(_lastSave) >= ProgressSaveInterval)
        {
            await state.WriteStateAsync();
            _lastSave = clock.GetTimestamp();
        }

        _observers.Notify(o => o.OnRegenerationProgressAsync(status));
    }

    public async Task ReportFinishedAsync(long barCount, string? error)
    {
        var status = Current() with
        {
            State = error is null ? RegenerationState.Completed : RegenerationState.Failed,
            BarCount = barCount,
            Progress = error is null ? 1 : Current().Progress,
            Error = error,
            FinishedAt = clock.GetUtcNow().UtcDateTime,
        };
        state.State.Status = status;
        await state.WriteStateAsync();
        LogFinished(status.JobId, status.State, barCount, error);
        _observers.Notify(o => o.OnRegenerationFinishedAsync(status));
    }

    private RegenerationStatus Current() =>
        state.State.Status ?? throw new InvalidOperationException($"Regeneration job {GetPrimaryKeyString()} was never started.");

    [LoggerMessage(EventId = 4500, Level = LogLevel.Information, Message = "Regeneration {JobId} queued: {Symbol} {Period} at {Interval}, seed {Seed}")]
    private partial void LogQueued(string jobId, string symbol, string period, string interval, long seed);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Information, Message = "Regeneration {JobId} {State}: {BarCount} bars; {Error}")]
    private partial void LogFinished(string jobId, RegenerationState state, long barCount, string? error);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Warning, Message = "The call that runs regeneration {JobId} ended with an error (the worker reports the job's own outcome)")]
    private partial void LogWorkerCallFailed(Exception exception, string jobId);
}
