using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OrleansTicks.TestKit.Feeds;

/// <summary>A local server that speaks Yahoo's chart API (<c>GET /v8/finance/chart/{symbol}</c>): each symbol gets
/// what the test sets — a chart of minutes, a raw answer (a status and a body), or no answer at all; a symbol it
/// knows nothing of gets Yahoo's 404 with <c>chart.error</c>. It counts the requests per symbol and keeps their query
/// strings.</summary>
public sealed class FakeYahooChartServer : IAsyncDisposable
{
    /// <summary>Yahoo's answer for a symbol it does not know.</summary>
    public const string NotFoundBody = """{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}""";

    private const string ChartPath = "/v8/finance/chart/";

    private readonly FakeHttpServer _http;

    private FakeYahooChartServer(FakeHttpServer http) => _http = http;

    /// <summary>The base address, to give as <c>Feed:Url</c>.</summary>
    public Uri Url => _http.Url;

    /// <summary>The query strings of every request, in arrival order.</summary>
    public IReadOnlyList<string> Queries => _http.Queries;

    public static async Task<FakeYahooChartServer> StartAsync() =>
        new(await FakeHttpServer.StartAsync(static async context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(NotFoundBody, context.RequestAborted);
        }));

    /// <summary>Serves <paramref name="minutes"/> as the chart of <paramref name="symbol"/> (Yahoo's name).</summary>
    public void Serve(string symbol, IEnumerable<ChartMinute> minutes, string granularity = "1m") =>
        Answer(symbol, StatusCodes.Status200OK, ChartJson(symbol, [.. minutes], granularity));

    /// <summary>Answers <paramref name="symbol"/> with <paramref name="status"/> and <paramref name="body"/> as JSON.</summary>
    public void Answer(string symbol, int status, string body) => _http.Answer(ChartPath + symbol, status, body);

    /// <summary>Never answers <paramref name="symbol"/>: the request stays open until the client gives up.</summary>
    public void Hang(string symbol) => _http.Hang(ChartPath + symbol);

    /// <summary>How many requests for <paramref name="symbol"/> have arrived.</summary>
    public int Requests(string symbol) => _http.Requests(ChartPath + symbol);

    /// <summary>Waits until at least <paramref name="count"/> requests for <paramref name="symbol"/> have arrived.</summary>
    public Task WaitForRequestsAsync(string symbol, int count) => _http.WaitForRequestsAsync(ChartPath + symbol, count);

    /// <summary>Yahoo's chart JSON of <paramref name="minutes"/>, with the metadata fields the importer may read.</summary>
    public static string ChartJson(string symbol, IReadOnlyList<ChartMinute> minutes, string granularity = "1m")
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartObject("chart");
            json.WriteStartArray("result");
            json.WriteStartObject();
            json.WriteStartObject("meta");
            json.WriteString("currency", "USD");
            json.WriteString("symbol", symbol);
            json.WriteString("exchangeName", "NMS");
            json.WriteString("instrumentType", "EQUITY");
            json.WriteNumber("gmtoffset", -18000);
            json.WriteString("timezone", "EST");
            json.WriteString("exchangeTimezoneName", "America/New_York");
            json.WriteString("dataGranularity", granularity);
            json.WriteString("range", "1d");
            json.WriteEndObject();
            json.WriteStartArray("timestamp");
            foreach (var minute in minutes)
            {
                json.WriteNumberValue(minute.Time);
            }

            json.WriteEndArray();
            json.WriteStartObject("indicators");
            json.WriteStartArray("quote");
            json.WriteStartObject();
            WriteColumn(json, "open", minutes, static m => m.Open);
            WriteColumn(json, "high", minutes, static m => m.High);
            WriteColumn(json, "low", minutes, static m => m.Low);
            WriteColumn(json, "close", minutes, static m => m.Close);
            WriteColumn(json, "volume", minutes, static m => m.Volume);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteNull("error");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteColumn(Utf8JsonWriter json, string name, IReadOnlyList<ChartMinute> minutes, Func<ChartMinute, decimal?> value)
    {
        json.WriteStartArray(name);
        foreach (var minute in minutes)
        {
            if (value(minute) is { } number)
            {
                json.WriteNumberValue(number);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
    }

    public ValueTask DisposeAsync() => _http.DisposeAsync();
}
