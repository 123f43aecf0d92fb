using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds;

namespace OrleansTicks.Benchmarks.Ingestion;

/// <summary>Measures quote latency under load: every 20 ms it publishes one trade of a symbol the simulator does not
/// trade, through the same ingestor (so behind whatever the simulator has queued), and records the time until an
/// observer of that symbol receives the quote with the trade's id.</summary>
internal sealed class Probe(TradeIngestor ingestor, IGrainFactory grains) : ISymbolObserver
{
    private readonly ConcurrentDictionary<long, long> _sent = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _nextId;

    public ConcurrentBag<double> Latencies { get; } = [];

    public async Task StartAsync()
    {
        await grains.GetGrain<ISymbolGrain>("ZZPROBE").SubscribeAsync(grains.CreateObjectReference<ISymbolObserver>(this));
        _loop = Task.Run(async () =>
        {
            var trade = new Trade[1];
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(20);
                var id = Interlocked.Increment(ref _nextId);
                _sent[id] = Stopwatch.GetTimestamp();
                trade[0] = new Trade("ZZPROBE", id, 10m, 1m, DateTime.UtcNow);
                await ingestor.PublishAsync(trade);
            }
        });
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public void OnUpdate(SymbolUpdate update)
    {
        if (update.Quote is { } quote && _sent.TryRemove(quote.TradeId, out var sentAt))
        {
            Latencies.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
        }
    }
}
