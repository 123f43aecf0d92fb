using System.Net;

namespace OrleansTicks.Grains.Feeds.Yahoo;

/// <summary>Fetches <c>{base}/v8/finance/chart/{symbol}?range=1d&amp;interval=1m</c> with a client of the
/// <see cref="IHttpClientFactory"/>, within a timeout on the injected clock. Never throws for the upstream's faults:
/// they come back as a <see cref="YahooFetch"/> (only the caller's cancellation throws).</summary>
internal sealed class YahooChartClient(IHttpClientFactory clients, Uri baseUrl, TimeSpan timeout, TimeProvider clock)
{
    /// <summary>The name of the <see cref="HttpClient"/> configuration.</summary>
    public const string HttpClientName = "OrleansTicks.Feeds.Yahoo";

    /// <summary>The largest answer read (a day of minutes is about 100 kB).</summary>
    public const int MaxAnswerBytes = 16 * 1024 * 1024;

    private readonly string _prefix = baseUrl.AbsoluteUri.TrimEnd('/') + "/v8/finance/chart/";

    /// <summary>The address of <paramref name="vendorSymbol"/>'s chart.</summary>
    public Uri ChartUrl(string vendorSymbol) => new(_prefix + Uri.EscapeDataString(vendorSymbol) + "?range=1d&interval=1m");

    public async Task<YahooFetch> FetchAsync(string vendorSymbol, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var client = clients.CreateClient(HttpClientName);
            using var response = await client.GetAsync(ChartUrl(vendorSymbol), HttpCompletionOption.ResponseContentRead, linked.Token);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                // Yahoo answers an unknown symbol with 404 and a chart.error body.
                return TryParse(body) is { Error: { } error }
                    ? new YahooFetch(YahooFetchOutcome.VendorError, null, error)
                    : YahooFetch.Failed($"HTTP {(int)response.StatusCode} {Reason(response.StatusCode, response.ReasonPhrase)}");
            }

            try
            {
                var chart = YahooChartParser.Parse(body);
                return chart.Error is { } vendorError
                    ? new YahooFetch(YahooFetchOutcome.VendorError, null, vendorError)
                    : new YahooFetch(YahooFetchOutcome.Chart, chart, null);
            }
            catch (FormatException exception)
            {
                return YahooFetch.Bad(exception.Message);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return YahooFetch.Failed($"no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException exception)
        {
            return YahooFetch.Failed(exception.Message);
        }
    }

    private static YahooChart? TryParse(byte[] body)
    {
        try
        {
            return YahooChartParser.Parse(body);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Reason(HttpStatusCode status, string? phrase) => string.IsNullOrEmpty(phrase) ? status.ToString() : phrase;
}
