using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Grains.Feeds.Finnhub;

/// <summary>Finnhub's US symbol list (<c>GET /stock/symbol?exchange=US&amp;token=…</c>: a JSON array of
/// <c>{"currency","description","displaySymbol","figi","mic","symbol","type"}</c>), fetched once at the feed's start
/// and merged into the <see cref="SymbolDirectory"/>: symbols the embedded listings lack (OTC shares, new listings)
/// become known, listed ones keep their listed entry. A failure — no answer in time, an error status, an error
/// object, garbage — is logged and changes nothing: the embedded lists stay.</summary>
public sealed class FinnhubSymbolList
{
    /// <summary>The name of the <see cref="HttpClient"/> configuration.</summary>
    public const string HttpClientName = "OrleansTicks.Feeds.Finnhub";

    /// <summary>The largest answer read (Finnhub's US list is several megabytes).</summary>
    public const int MaxAnswerBytes = 64 * 1024 * 1024;

    /// <summary>The source of the directory entries it adds.</summary>
    public const string SourceName = "finnhub";

    private readonly IHttpClientFactory _clients;
    private readonly SymbolDirectory _directory;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly TimeSpan _timeout;

    public FinnhubSymbolList(IHttpClientFactory clients, IOptions<FeedOptions> feed, IOptions<FinnhubOptions> options, SymbolDirectory directory, TimeProvider clock, ILogger<FinnhubSymbolList> logger)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _clients = clients;
        _directory = directory;
        _clock = clock;
        _logger = logger;
        _timeout = options.Value.SymbolListTimeout;
        Url = ChooseUrl(feed.Value, options.Value);
    }

    /// <summary>The address fetched, token included; null when no list is configured.</summary>
    public Uri? Url { get; }

    /// <summary>Fetches the list and registers its symbols; returns how many entries it registered (0 when none is
    /// configured or the fetch failed, which is logged). Only <paramref name="cancellationToken"/> makes it throw.</summary>
    public async Task<int> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (Url is null)
        {
            FinnhubLog.SymbolListNotConfigured(_logger);
            return 0;
        }

        var shown = FinnhubUrls.Redact(Url);
        using var deadline = new CancellationTokenSource(_timeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await _clients.CreateClient(HttpClientName).GetAsync(Url, HttpCompletionOption.ResponseContentRead, linked.Token);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                FinnhubLog.SymbolListFailed(_logger, null, shown, $"HTTP {(int)response.StatusCode} {Excerpt(body)}");
                return 0;
            }

            var entries = Parse(body, out var skipped);
            _directory.RegisterRange(entries);
            FinnhubLog.SymbolListLoaded(_logger, shown, entries.Count, skipped);
            return entries.Count;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            FinnhubLog.SymbolListFailed(_logger, null, shown, $"no answer within {_timeout}");
        }
        catch (Exception exception) when (exception is HttpRequestException or FormatException)
        {
            FinnhubLog.SymbolListFailed(_logger, exception, shown, exception.Message);
        }

        return 0;
    }

    /// <summary>The directory entries of a list; <paramref name="skipped"/> counts entries without a valid symbol
    /// (missing, lower case, white space, too long).</summary>
    /// <exception cref="FormatException">The answer is not a JSON array of entries (an error object is reported with
    /// its message).</exception>
    internal static List<SymbolInfo> Parse(byte[] json, out int skipped)
    {
        FinnhubListedSymbol?[]? list;
        try
        {
            list = JsonSerializer.Deserialize(json, FinnhubJsonContext.Default.FinnhubListedSymbolArray);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"the symbol list is not a JSON array of symbols: {ErrorOf(json) ?? exception.Message}", exception);
        }

        var entries = new List<SymbolInfo>(list?.Length ?? 0);
        skipped = 0;
        foreach (var entry in list ?? [])
        {
            if (entry?.Symbol is not { } symbol || SymbolRules.Validate(symbol) is not null)
            {
                skipped++;
                continue;
            }

            entries.Add(new SymbolInfo(symbol, entry.DisplaySymbol ?? symbol, entry.Description ?? string.Empty, entry.Type ?? string.Empty, entry.Mic ?? "US", SourceName));
        }

        return entries;
    }

    /// <summary>Finnhub's own list when the feed is Finnhub's and a token is set; a configured address otherwise.</summary>
    private static Uri? ChooseUrl(FeedOptions feed, FinnhubOptions options)
    {
        if (!options.LoadSymbolList)
        {
            return null;
        }

        if (options.SymbolListUrl is { } configured)
        {
            return FinnhubUrls.WithToken(configured, feed.Token);
        }

        var isFinnhubs = feed.Url is null || string.Equals(feed.Url.Host, FinnhubOptions.DefaultUrl.Host, StringComparison.OrdinalIgnoreCase);
        return isFinnhubs && !string.IsNullOrEmpty(feed.Token) ? FinnhubUrls.WithToken(FinnhubOptions.DefaultSymbolListUrl, feed.Token) : null;
    }

    private static string? ErrorOf(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error)
                ? $"the server answered '{error}'"
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Excerpt(byte[] body) =>
        body.Length <= 200 ? System.Text.Encoding.UTF8.GetString(body) : System.Text.Encoding.UTF8.GetString(body, 0, 200) + "…";
}
