using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Demand;
using OrleansTicks.Grains.Feeds.Live;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Feeds.Live;

/// <summary>A connector running against a vendor's fake server on a manual clock, with its demand and its log.</summary>
internal sealed class LiveFeedRun : IAsyncDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();

    private LiveFeedRun(LiveFeedTestVendor vendor, ManualTimeProvider clock, FeedDemand demand, IFeedConnector connector, ListLoggerFactory log)
    {
        Vendor = vendor;
        Log = log.Logger;
        Clock = clock;
        Demand = demand;
        Connector = connector;
    }

    public LiveFeedTestVendor Vendor { get; }

    public ManualTimeProvider Clock { get; }

    public FeedDemand Demand { get; }

    public IFeedConnector Connector { get; }

    public ListLogger<ListLoggerFactory> Log { get; }

    public Task Running { get; private set; } = Task.CompletedTask;

    public FeedConnectorStatus Status => Connector.GetStatus();

    /// <summary>Starts the connector with <paramref name="configured"/> as <c>Feed:Symbols</c>, publishing into
    /// <paramref name="sink"/>, at <paramref name="url"/> (<c>Feed:Url</c>; the vendor's server when null). Time-based settings are out of the way (an hour) unless <paramref name="configure"/>
    /// sets them: the manual clock is moved by the tests that need it.</summary>
    public static LiveFeedRun Start(LiveFeedTestVendor vendor, ITradeSink sink, string[] configured, Action<LiveFeedOptions>? configure = null, ManualTimeProvider? clock = null, Uri? url = null)
    {
        clock ??= new ManualTimeProvider(new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero));
        var feed = new FeedOptions { Symbols = configured, UnsubscribeGrace = Grace, Url = url };
        var demand = new FeedDemand(Options.Create(feed), clock);
        var log = new ListLoggerFactory();
        var connector = vendor.CreateConnector(feed, options =>
        {
            options.ConnectTimeout = TimeSpan.FromHours(1);
            options.StallTimeout = TimeSpan.FromHours(1);
            options.KeepAliveInterval = TimeSpan.Zero;
            options.ReconnectMinDelay = TimeSpan.FromSeconds(1);
            options.ReconnectMaxDelay = TimeSpan.FromSeconds(4);
            options.HealthyAfter = TimeSpan.FromMinutes(1);
            options.MaxConnectionAge = TimeSpan.Zero;
            options.MinSendInterval = TimeSpan.Zero;
            configure?.Invoke(options);
        }, demand, clock, log);
        var run = new LiveFeedRun(vendor, clock, demand, connector, log);
        run.Running = Task.Run(() => connector.RunAsync(sink, run._stop.Token));
        return run;
    }

    /// <summary>Trades of the vendor's symbols, ids increasing per symbol from <paramref name="firstId"/>.</summary>
    public static List<Trade> Trades(IReadOnlyList<string> symbols, int count, long firstId = 1_000, int seed = 1)
    {
        var random = new Random(seed);
        var start = new DateTime(2026, 11, 20, 14, 30, 0, DateTimeKind.Utc);
        var trades = new List<Trade>(count);
        for (var i = 0; i < count; i++)
        {
            var symbol = symbols[i % symbols.Count];
            trades.Add(new Trade(symbol, firstId + (i / symbols.Count), Math.Round(100m + ((decimal)random.NextDouble() * 10m), 4), random.Next(1, 500) / 100m, start.AddMilliseconds(i * 37)));
        }

        return trades;
    }

    /// <summary>Waits until the server's current connection is subscribed to exactly <paramref name="symbols"/>.</summary>
    public Task UntilSubscribedAsync(params string[] symbols) =>
        Wait.UntilAsync(() => Vendor.SubscribedUpstream.SetEquals(symbols) && Connector.GetStatus().SubscribedSymbols == symbols.Length,
            $"the upstream subscriptions to be {string.Join(",", symbols)} (server: {string.Join(",", Vendor.SubscribedUpstream)})");

    /// <summary>Moves the clock by <paramref name="step"/> at a time until <paramref name="condition"/> holds: timers
    /// (backoff, stall, grace) fire as virtual time passes, however the connector's tasks interleave.</summary>
    public Task PumpUntilAsync(Func<bool> condition, string what, TimeSpan? step = null)
    {
        var by = step ?? TimeSpan.FromMilliseconds(250);
        return Wait.UntilAsync(() =>
        {
            if (condition())
            {
                return true;
            }

            Clock.Advance(by);
            return false;
        }, what);
    }

    /// <summary>Stops the connector; it must return normally.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Running.Within();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        Demand.Dispose();
        _stop.Dispose();
    }
}
