using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.GrainInterfaces.Regeneration;
using OrleansTicks.Grains.Storage;
using OrleansTicks.Runtime;

namespace OrleansTicks.Grains.Regeneration;

/// <summary>Generates a job's bars and replaces the stored ones in one transaction (readers see all old or all new
/// bars), reporting progress to the job grain a few times a second. A pool of <see cref="MaxConcurrentJobs"/> per
/// silo: more requests wait their turn instead of crowding out ingestion. The work is streamed — bars are generated
/// as the store writes them — so a year of 1-minute bars needs no more memory than a few.</summary>
[StatelessWorker(MaxConcurrentJobs)]
public sealed partial class RegenerationWorker(
    IBarStore store,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<RegenerationWorker> logger)
    : Grain, IRegenerationWorker
{
    /// <summary>Jobs one silo runs at once.</summary>
    public const int MaxConcurrentJobs = 4;

    private static readonly TimeSpan ReportEvery = TimeSpan.FromMilliseconds(250);

    public async Task RunAsync(string jobId, RegenerationRequest request)
    {
        var job = GrainFactory.GetGrain<IRegenerationJobGrain>(jobId);
        long written = 0;
        try
        {
            var plan = HistoryPlan.For(request, clock.GetUtcNow().UtcDateTime);
            var endPrice = await EndPriceAsync(plan, joinLaterBars: request.End is not null);
            await job.ReportStartedAsync(plan.From, plan.To);
            var total = Math.Max(1, plan.BarCount);
            var progress = new LatestCount();
            using var reporting = new CancellationTokenSource();
            // Off the grain's turn (no captured context): the turn is busy writing while this reports.
            var reporter = Task.Run(() => ReportProgressAsync(job, progress, total, reporting.Token), CancellationToken.None);
            try
            {
                written = await store.ReplaceRangeAsync(
                    plan.Symbol, plan.From, plan.To, HistoryGenerator.Generate(plan, request.Seed, endPrice), progress, lifetime.ApplicationStopping);
            }
            finally
            {
                await reporting.CancelAsync();
                await reporter;
            }

            // The symbol grain holds recent bars in memory: have it take the new ones from storage.
            await GrainFactory.GetGrain<ISymbolGrain>(plan.Symbol).OnHistoryReplacedAsync(plan.From, plan.To);
            await job.ReportFinishedAsync(written, null);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogJobFailed(exception, jobId);
            var error = exception is OperationCanceledException
                ? "The silo is stopping; the job was cancelled and the previous bars are unchanged."
                : exception.Message;
            await job.ReportFinishedAsync(written, error);
        }
    }

    /// <summary>The price the history ends at: for history that ends before now, the open of the first stored bar
    /// after it (so that it joins what follows); else the live quote, else the last stored close before the range's
    /// end, else a plausible price of its own.</summary>
    private async Task<decimal> EndPriceAsync(HistoryPlan plan, bool joinLaterBars)
    {
        if (joinLaterBars && await store.ReadAsync(plan.Symbol, plan.To, plan.To.AddDays(1)) is [var next, ..])
        {
            return next.Bar.Open;
        }

        if (await GrainFactory.GetGrain<ISymbolGrain>(plan.Symbol).GetQuoteAsync() is { } quote)
        {
            return quote.Price;
        }

        var recent = await store.ReadAsync(plan.Symbol, plan.To.AddDays(-7), plan.To);
        return recent.Count > 0 ? recent[^1].Bar.Close : 100m;
    }

    private static async Task ReportProgressAsync(IRegenerationJobGrain job, LatestCount progress, long total, CancellationToken cancellationToken)
    {
        var reported = -1L;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ReportEvery, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var count = progress.Value;
            if (count != reported)
            {
                reported = count;
                try
                {
                    await job.ReportProgressAsync(count, (double)count / total).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is TimeoutException or SiloUnavailableException)
                {
                    // A lost progress report is harmless: the next one, or the final report, carries the count.
                }
            }
        }
    }

    [LoggerMessage(EventId = 4510, Level = LogLevel.Warning, Message = "Regeneration {JobId} failed")]
    private partial void LogJobFailed(Exception exception, string jobId);

    /// <summary>The store's latest progress report, read by the reporter.</summary>
    private sealed class LatestCount : IProgress<long>
    {
        private long _value;

        public long Value => Volatile.Read(ref _value);

        public void Report(long value) => Volatile.Write(ref _value, value);
    }
}
