using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Finnhub;
using OrleansTicks.Grains.Symbols;
using OrleansTicks.TestKit;
using OrleansTicks.TestKit.Feeds;

namespace OrleansTicks.Grains.Tests.Feeds.Finnhub;

public sealed class FinnhubSymbolListTests : IAsyncLifetime
{
    private const string ListPath = "/api/v1/stock/symbol";

    private const string List = """
        [{"currency":"USD","description":"APPLE INC","displaySymbol":"AAPL","figi":"BBG000B9XRY4","mic":"XNAS","symbol":"AAPL","type":"Common Stock"},
         {"currency":"USD","description":"TINY OTC CORP","displaySymbol":"TOTCF","figi":"BBG000000001","mic":"OOTC","symbol":"TOTCF","type":"Common Stock"},
         {"currency":"USD","description":"BERKSHIRE HATHAWAY INC-CL B","displaySymbol":"BRK.B","figi":"BBG000DWG505","mic":"XNYS","symbol":"BRK.B","type":"Common Stock"},
         {"currency":"USD","description":"NEW LISTING","displaySymbol":"NEWL","figi":null,"mic":null,"symbol":"NEWL","type":null},
         {"currency":"USD","description":"lower case","displaySymbol":"bad","symbol":"bad","type":"Common Stock"},
         {"description":"no symbol"},
         null]
        """;

    private readonly ManualTimeProvider _clock = new();
    private readonly ListLogger<FinnhubSymbolList> _log = new();
    private FakeHttpServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeHttpServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_list_is_fetched_with_the_token_and_merged_into_the_directory_listed_entries_kept()
    {
        _server.Answer(ListPath, 200, List);
        var directory = Directory();
        var list = Create(directory, new() { ["Feed:Token"] = "tok en", ["Feed:Finnhub:SymbolListUrl"] = $"{_server.Url}api/v1/stock/symbol?exchange=US" });

        var registered = await list.LoadAsync();

        Assert.Equal(4, registered);
        Assert.Equal("?exchange=US&token=tok%20en", _server.Queries.Single());
        Assert.True(directory.TryGet("TOTCF", out var otc));
        Assert.Equal(new SymbolInfo("TOTCF", "TOTCF", "TINY OTC CORP", "Common Stock", "OOTC", "finnhub"), otc);
        Assert.True(directory.TryGet("NEWL", out var bare));
        Assert.Equal(new SymbolInfo("NEWL", "NEWL", "NEW LISTING", "", "US", "finnhub"), bare);
        Assert.True(directory.TryGet("AAPL", out var listed));
        Assert.Equal("nasdaq-listed", listed.Source);
        Assert.False(directory.Contains("BAD"));
        Assert.Contains("4 symbols merged into the directory, 3 entries without a valid symbol skipped", Assert.Single(_log.Entries).Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok%20en", _log.Entries[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, """{"error":"Invalid API key"}""", "the server answered 'Invalid API key'")]
    [InlineData(200, "<html>oops</html>", "the symbol list is not a JSON array of symbols")]
    [InlineData(401, """{"error":"Invalid API key"}""", "HTTP 401")]
    [InlineData(503, "", "HTTP 503")]
    public async Task A_failed_fetch_is_logged_and_leaves_the_directory_as_it_was(int status, string body, string problem)
    {
        _server.Answer(ListPath, status, body);
        var directory = Directory();
        var before = directory.Count;

        var registered = await Create(directory, new() { ["Feed:Finnhub:SymbolListUrl"] = $"{_server.Url}api/v1/stock/symbol?exchange=US" }).LoadAsync();

        Assert.Equal(0, registered);
        Assert.Equal(before, directory.Count);
        var entry = Assert.Single(_log.Entries);
        Assert.Equal((4391, LogLevel.Warning), (entry.Id.Id, entry.Level));
        Assert.Contains(problem, entry.Message, StringComparison.Ordinal);
        Assert.Contains("the embedded symbol lists stay", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_given_up_on_after_the_timeout()
    {
        _server.Hang(ListPath);
        var list = Create(Directory(), new() { ["Feed:Finnhub:SymbolListUrl"] = $"{_server.Url}api/v1/stock/symbol?exchange=US", ["Feed:Finnhub:SymbolListTimeout"] = "00:00:05" });

        var loading = list.LoadAsync();
        await _server.WaitForRequestsAsync(ListPath, 1);
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, await loading.Within());
        Assert.Contains("no answer within 00:00:05", Assert.Single(_log.Entries).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "tok", "https://finnhub.io/api/v1/stock/symbol?exchange=US&token=tok")]
    [InlineData("wss://ws.finnhub.io", "tok", "https://finnhub.io/api/v1/stock/symbol?exchange=US&token=tok")]
    [InlineData("ws://127.0.0.1:5000/", "tok", null)]
    public void Without_a_configured_address_finnhubs_own_list_is_used_for_finnhubs_own_feed_with_a_token(string? feedUrl, string? token, string? expected)
    {
        var list = Create(Directory(), new() { ["Feed:Url"] = feedUrl, ["Feed:Token"] = token });

        Assert.Equal(expected, list.Url?.AbsoluteUri);
    }

    [Fact]
    public async Task Turned_off_it_fetches_nothing()
    {
        var list = Create(Directory(), new() { ["Feed:Token"] = "tok", ["Feed:Finnhub:LoadSymbolList"] = "false" });

        Assert.Equal(0, await list.LoadAsync());
        Assert.Null(list.Url);
        Assert.Equal(4392, Assert.Single(_log.Entries).Id.Id);
    }

    private static SymbolDirectory Directory() => new(
    [
        new SymbolInfo("AAPL", "AAPL", "Apple Inc.", "Common Stock", "NASDAQ", SymbolLists.NasdaqListedSource),
        new SymbolInfo("MSFT", "MSFT", "Microsoft Corporation", "Common Stock", "NASDAQ", SymbolLists.NasdaqListedSource),
    ]);

    private FinnhubSymbolList Create(SymbolDirectory directory, Dictionary<string, string?> settings)
    {
        // A feed of our own (not Finnhub's) needs no token.
        var configuration = new Dictionary<string, string?> { ["Feed:Url"] = "ws://127.0.0.1:1/" };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.SectionName);
        services.AddSingleton(directory);
        services.AddSingleton<ILogger<FinnhubSymbolList>>(_log);
        services.AddFinnhubFeed();
        return services.BuildServiceProvider().GetRequiredService<FinnhubSymbolList>();
    }
}
