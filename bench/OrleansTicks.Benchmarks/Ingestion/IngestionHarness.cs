using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.GrainInterfaces.Regeneration;
using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Market;
using OrleansTicks.Grains.Storage;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Benchmarks.Ingestion;

/// <summary>The end-to-end load harness of ingestion: the simulator, unpaced, over the 500 busiest S&amp;P 500 symbols, through the
/// ingestor and the trade streams into the symbol grains, their bars and the bar store — the product's own wiring.
/// It measures applied trades per second and quote latency (a probe trade published among the simulator's, until
/// an observer of the probe symbol hears of it) while idle, then while four regenerations of a year of 1-minute
/// bars run, and at the end checks that every applied trade is in exactly one stored bar.</summary>
internal static class IngestionHarness
{
    private const string ProbeSymbol = "ZZPROBE";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = ReadOption(args, "--seconds", 15);
        var storage = args.SkipWhile(a => a != "--storage").Skip(1).FirstOrDefault() ?? "Sqlite";
        var path = Path.Combine(Path.GetTempPath(), $"orleansticks-ingest-{Guid.NewGuid():N}.db");
        using var host = Build(storage, path);
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var metrics = host.Services.GetRequiredService<MarketMetrics>();
        var probe = new Probe(host.Services.GetRequiredService<TradeIngestor>(), grains);
        await probe.StartAsync();
        Console.WriteLine($"ingestion harness: {Environment.ProcessorCount} cores, storage {storage}, {seconds} s per phase");

        await Task.Delay(TimeSpan.FromSeconds(3)); // warm-up: activations, JIT, first bars
        var idle = await MeasureAsync("idle", metrics, probe, TimeSpan.FromSeconds(seconds), () => false);

        var jobs = new List<RecordingRegenerationObserver>();
        foreach (var symbol in new[] { "AAPL", "MSFT", "NVDA", "AMZN" })
        {
            var observer = new RecordingRegenerationObserver();
            jobs.Add(observer);
            await grains.GetGrain<IRegenerationJobGrain>($"bench-{symbol}-{Guid.NewGuid():N}")
                .StartAsync(new RegenerationRequest(symbol, "1y", "1m", 7), grains.CreateObjectReference<IRegenerationObserver>(observer));
        }

        var started = Stopwatch.GetTimestamp();
        var busy = await MeasureAsync("4 regenerations", metrics, probe, TimeSpan.FromMinutes(10), () => jobs.All(j => j.Finished.Task.IsCompleted));
        var regenerated = jobs.Select(j => j.Finished.Task.Result).ToList();
        Console.WriteLine($"regenerations: {string.Join(", ", regenerated.Select(r => $"{r.Request.Symbol} {r.State} {r.BarCount:N0} bars"))} in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        Console.WriteLine($"during regeneration / idle: throughput {busy.TradesPerSecond / idle.TradesPerSecond:P0}, quote latency p50 {busy.P50 / idle.P50:F2}x, p99 {busy.P99 / idle.P99:F2}x");

        // Stop the feed, let the grains take what is queued, note what each symbol applied, then stop the silo (which
        // writes every bar) and compare.
        await host.Services.GetRequiredService<FeedIngestorService>().StopAsync(CancellationToken.None);
        await probe.StopAsync();
        var settled = -1L;
        while (settled != metrics.TradesApplied)
        {
            settled = metrics.TradesApplied;
            await Task.Delay(500);
        }

        var symbols = OrleansTicks.Grains.Feeds.Simulator.Sp500Universe.Select([], 500).Select(s => s.Symbol)
            .Where(s => !regenerated.Any(r => r.Request.Symbol == s)).ToList();
        var applied = new Dictionary<string, long>();
        foreach (var symbol in symbols)
        {
            applied[symbol] = (await grains.GetGrain<ISymbolGrain>(symbol).GetSnapshotAsync()).TradesApplied;
        }

        await host.StopAsync();
        var conserved = await CheckConservationAsync(host.Services, applied);
        host.Dispose();
        var bars = path.Replace(".db", "-bars.db", StringComparison.Ordinal);
        foreach (var file in new[] { path, path + "-wal", path + "-shm", bars, bars + "-wal", bars + "-shm" })
        {
            File.Delete(file);
        }

        return conserved && regenerated.All(r => r.State == RegenerationState.Completed) ? 0 : 1;
    }

    private static IHost Build(string storage, string path)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = storage,
            ["ConnectionStrings:Sqlite"] = $"Data Source={path}",
            ["Feed:Kind"] = "simulator",
            ["Feed:Simulator:TradesPerSecond"] = "0",
            ["Feed:Simulator:SymbolCount"] = "500",
            ["Feed:Simulator:BatchSize"] = "8192",
            // Simulated time (2,000 trades/s of model time) runs ahead of the clock when unpaced; let it.
            ["Feed:Simulator:VirtualTime"] = "true",
            ["Feed:MaxClockSkew"] = "3650.00:00:00",
        });
        builder.Services.AddLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning));
        builder.UseOrleansTicks(silo =>
        {
            _ = storage == "Memory" ? silo.AddMemoryGrainStorage() : silo.AddSqliteGrainStorage();
            silo.AddMemoryStreams(TradeIngestor.StreamProviderName);
            silo.AddTicksMarket();
        });
        var host = builder.Build();
        host.Services.GetRequiredService<SymbolDirectory>().Register(new SymbolInfo(ProbeSymbol, ProbeSymbol, "latency probe", "Probe", "BENCH", "bench"));
        return host;
    }

    private static async Task<Phase> MeasureAsync(string name, MarketMetrics metrics, Probe probe, TimeSpan duration, Func<bool> done)
    {
        probe.Latencies.Clear();
        var perSecond = new List<double>();
        var clock = Stopwatch.StartNew();
        var last = metrics.TradesApplied;
        var lastAt = clock.Elapsed;
        var first = last;
        while (clock.Elapsed < duration && !done())
        {
            await Task.Delay(1000);
            var now = clock.Elapsed;
            var applied = metrics.TradesApplied;
            perSecond.Add((applied - last) / (now - lastAt).TotalSeconds);
            (last, lastAt) = (applied, now);
        }

        var latencies = probe.Latencies.Order().ToArray();
        var phase = new Phase(
            (last - first) / clock.Elapsed.TotalSeconds,
            perSecond.Count > 0 ? perSecond.Min() : 0,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {phase.TradesPerSecond:N0} trades/s mean over {clock.Elapsed.TotalSeconds:F0} s (slowest second {phase.SlowestSecond:N0}); quote latency p50 {phase.P50:F2} ms, p99 {phase.P99:F2} ms ({latencies.Length} probes)"));
        return phase;
    }

    /// <summary>Every applied trade must be in exactly one stored bar: per symbol (those no regeneration touched,
    /// whose bars carry mock trade counts), Σ trades of the stored bars equals the trades its grain applied.</summary>
    private static async Task<bool> CheckConservationAsync(IServiceProvider services, Dictionary<string, long> applied)
    {
        var store = services.GetRequiredService<IBarStore>();
        var wrong = new List<string>();
        foreach (var (symbol, count) in applied)
        {
            var stored = (await store.ReadAsync(symbol, DateTime.MinValue, DateTime.MaxValue)).Sum(b => b.Bar.Trades);
            if (stored != count)
            {
                wrong.Add($"{symbol}: {count} applied, {stored} stored");
            }
        }

        Console.WriteLine($"conservation: {applied.Values.Sum():N0} trades applied to {applied.Count} symbols; {wrong.Count} symbols differ {string.Join("; ", wrong.Take(5))}");
        return wrong.Count == 0;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static int ReadOption(string[] args, string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private sealed record Phase(double TradesPerSecond, double SlowestSecond, double P50, double P99);
}
