using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Demand;
using OrleansTicks.Grains.Feeds.Yahoo;
using OrleansTicks.Grains.Storage;
using OrleansTicks.Grains.Symbols;
using OrleansTicks.TestKit;
using OrleansTicks.TestKit.Feeds;

namespace OrleansTicks.Grains.Tests.Feeds.Yahoo;

/// <summary>The yahoo importer as <c>AddYahooFeed</c> registers it, against a <see cref="FakeYahooChartServer"/>, with
/// a manual clock, a memory bar store and a capturing sink.</summary>
internal sealed class YahooHarness : IAsyncDisposable
{
    /// <summary>The clock's start: 15:00:40, so 14:59 has closed and settled and 15:00 is forming.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 15, 0, 40, TimeSpan.Zero);

    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(60);

    private readonly ServiceProvider _services;
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    private YahooHarness(FakeYahooChartServer server, ServiceProvider services, ManualTimeProvider clock)
    {
        Server = server;
        _services = services;
        Clock = clock;
        Sink = new CapturingTradeSink(clock);
    }

    public FakeYahooChartServer Server { get; }

    public ManualTimeProvider Clock { get; }

    public CapturingTradeSink Sink { get; }

    public YahooFeedConnector Connector => _services.GetRequiredService<YahooFeedConnector>();

    public FeedDemand Demand => _services.GetRequiredService<FeedDemand>();

    public IBarStore Store => _services.GetRequiredService<IBarStore>();

    public ListLogger<YahooFeedConnector> Log => _services.GetRequiredService<ListLogger<YahooFeedConnector>>();

    /// <summary>A harness whose importer is not running yet; <paramref name="symbols"/> are <c>Feed:Symbols</c>.
    /// <paramref name="importerClock"/>, when given, is the clock the importer sees, made from the harness's.</summary>
    public static async Task<YahooHarness> CreateAsync(
        string[] symbols,
        Dictionary<string, string?>? settings = null,
        FakeYahooChartServer? server = null,
        Func<ManualTimeProvider, TimeProvider>? importerClock = null)
    {
        server ??= await FakeYahooChartServer.StartAsync();
        var clock = new ManualTimeProvider(Now);
        var configuration = new Dictionary<string, string?>
        {
            ["Feed:Kind"] = "yahoo",
            ["Feed:Url"] = server.Url.AbsoluteUri,
            ["Feed:Yahoo:PollInterval"] = PollInterval.ToString(),
        };
        for (var i = 0; i < symbols.Length; i++)
        {
            configuration[$"Feed:Symbols:{i}"] = symbols[i];
        }

        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddLogging();
        services.AddSingleton(importerClock?.Invoke(clock) ?? clock);
        services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.SectionName);
        services.AddSingleton<FeedDemand>();
        services.AddSingleton<IFeedDemand>(static sp => sp.GetRequiredService<FeedDemand>());
        services.AddSingleton<IBarStore, MemoryBarStore>();
        services.AddSingleton(new SymbolDirectory(
        [
            new SymbolInfo("AAPL", "AAPL", "Apple Inc.", "Common Stock", "NASDAQ", SymbolLists.NasdaqListedSource),
            new SymbolInfo("MSFT", "MSFT", "Microsoft Corporation", "Common Stock", "NASDAQ", SymbolLists.NasdaqListedSource),
            new SymbolInfo("BRK.B", "BRK.B", "Berkshire Hathaway Inc. Class B", "Common Stock", "NYSE", SymbolLists.OtherListedSource),
        ]));
        services.AddSingleton<ListLogger<YahooFeedConnector>>();
        services.AddSingleton<ILogger<YahooFeedConnector>>(static sp => sp.GetRequiredService<ListLogger<YahooFeedConnector>>());
        services.AddYahooFeed();
        return new YahooHarness(server, services.BuildServiceProvider(validateScopes: true), clock);
    }

    /// <summary>Runs the importer in the background, into <see cref="Sink"/> or <paramref name="sink"/>.</summary>
    public void Start(ITradeSink? sink = null) => _run = Task.Run(() => Connector.RunAsync(sink ?? Sink, _stop.Token));

    /// <summary>Waits until the importer has finished <paramref name="count"/> polls in all (of every symbol, whatever
    /// their outcome).</summary>
    public Task WaitForPollsAsync(long count) =>
        Wait.UntilAsync(() => Connector.Statistics.Polls >= count, () => $"{count} polls finished ({Connector.Statistics})");

    /// <summary>Moves the clock by a poll interval.</summary>
    public void NextPoll() => Clock.Advance(PollInterval);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Wait.Generous);
        }

        await _services.DisposeAsync();
        await Server.DisposeAsync();
        _stop.Dispose();
    }
}
