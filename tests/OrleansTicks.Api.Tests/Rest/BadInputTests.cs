using System.Text.Json;

namespace OrleansTicks.Api.Tests.Rest;

/// <summary>Every class of bad input gets a 4xx problem answer that says what was wrong and what is valid.</summary>
public sealed class BadInputTests(RestApi api) : IClassFixture<RestApi>
{
    private static readonly string LongSymbol = new('A', 33);

    [Theory]
    // malformed and unknown symbols
    [InlineData("/api/search?period=1d", 400, "symbol is missing", "valid")]
    [InlineData("/api/search?symbol=AA%20PL", 400, "'AA PL' is not a symbol", "pattern")]
    [InlineData("/api/search?symbol=AA%3BDROP", 400, "is not a symbol", "valid")]
    [InlineData("/api/search?symbol=NOSUCH1", 404, "No symbol 'NOSUCH1'", "code")]
    [InlineData("/api/bars/NOSUCH1", 404, "No symbol 'NOSUCH1'", "code")]
    [InlineData("/api/bars/A*B", 400, "is not a symbol", "valid")]
    [InlineData("/api/quotes/%C3%A9", 400, "is not a symbol", "valid")]
    [InlineData("/api/quotes/nosuch1", 404, "No symbol 'NOSUCH1'", "code")]
    [InlineData("/api/analytics/NOSUCH1", 404, "No symbol", "code")]
    [InlineData("/api/metrics/latest", 400, "symbol is missing", "valid")]
    [InlineData("/api/metrics/history?symbol=NOSUCH1", 404, "No symbol", "code")]
    // unknown period, interval, format, fill
    [InlineData("/api/search?symbol=AAPL&period=3w", 400, "'3w' is not a period", "valid")]
    [InlineData("/api/search?symbol=AAPL&period=1d&interval=2m", 400, "'2m' is not an interval", "valid")]
    [InlineData("/api/search?symbol=AAPL&period=1d&interval=1M", 400, "'1M' is not an interval", "valid")]
    [InlineData("/api/search?symbol=AAPL&period=1d&format=xml", 400, "'xml' is not a valid format", "valid")]
    [InlineData("/api/bars/AAPL?fill=zero", 400, "'zero' is not a valid fill", "valid")]
    [InlineData("/api/bars/AAPL?interval=7m", 400, "'7m' is not an interval", "valid")]
    [InlineData("/api/analytics/AAPL?window=2w", 400, "'2w' is not a period", "valid")]
    // ranges and limits too large
    [InlineData("/api/search?symbol=AAPL&period=1y&interval=1m", 400, "at most 50,000 bars", "valid")]
    [InlineData("/api/analytics/AAPL?window=max&interval=1h", 400, "at most 50,000 bars", "valid")]
    [InlineData("/api/bars/AAPL?interval=1m&from=2020-01-01&to=2026-01-01", 400, "at most 50,000 are answered", "valid")]
    [InlineData("/api/bars/AAPL?limit=0", 400, "'0' is not a whole number from 1 to 50000", "valid")]
    [InlineData("/api/bars/AAPL?limit=50001", 400, "from 1 to 50000", "valid")]
    [InlineData("/api/symbols?q=app&limit=101", 400, "from 1 to 100", "valid")]
    [InlineData("/api/metrics/history?symbol=AAPL&limit=1001", 400, "from 1 to 1000", "valid")]
    // from > to, unparseable numbers and dates
    [InlineData("/api/bars/AAPL?from=2026-01-02&to=2026-01-01", 400, "is after to", "valid")]
    [InlineData("/api/bars/AAPL?from=yesterday", 400, "'yesterday' is not a time", "valid")]
    [InlineData("/api/bars/AAPL?to=99999999999999", 400, "is not a time", "valid")]
    [InlineData("/api/bars/AAPL?from=1.5", 400, "'1.5' is not a time", "valid")]
    [InlineData("/api/bars/AAPL?from=1/5", 400, "'1/5' is not a time", "valid")]
    [InlineData("/api/bars/AAPL?from=12:00", 400, "'12:00' is not a time", "valid")]
    [InlineData("/api/bars/AAPL?from=Dec%205", 400, "'Dec 5' is not a time", "valid")]
    [InlineData("/api/bars/AAPL?from=2026-02-30", 400, "'2026-02-30' is not a time", "valid")]
    [InlineData("/api/bars/AAPL?from=2026-11-20T09:30:00+01:00", 400, "write the offset's plus sign as %2B", "valid")]
    [InlineData("/api/bars/AAPL?limit=ten", 400, "'ten' is not a whole number", "valid")]
    [InlineData("/api/bars/AAPL?limit=1e3", 400, "is not a whole number", "valid")]
    [InlineData("/api/symbols?q=app&limit=twenty", 400, "is not a whole number", "valid")]
    // symbol search and quote lists
    [InlineData("/api/symbols", 400, "q is missing", "valid")]
    [InlineData("/api/symbols?q=%20%20", 400, "missing or blank", "valid")]
    [InlineData("/api/quotes", 400, "No symbol given", "valid")]
    [InlineData("/api/quotes?symbols=AAPL,BAD%20ONE", 400, "Not symbols: BAD ONE", "valid")]
    // regeneration jobs
    [InlineData("/api/regenerate/not%20an%20id", 400, "is not a job id", "valid")]
    [InlineData("/api/regenerate/0123456789abcdef", 404, "No regeneration job", "code")]
    public async Task Bad_input_gets_a_problem_answer_saying_what_is_wrong_and_what_is_valid(string url, int status, string detail, string extension)
    {
        var (code, body, response) = await api.GetAsync(url);

        AssertProblem(status, detail, extension, code, body, response);
    }

    [Fact]
    public async Task Overlong_inputs_are_refused_and_not_echoed_in_full()
    {
        var (symbolStatus, symbolBody, _) = await api.GetAsync($"/api/quotes/{LongSymbol}");
        var (queryStatus, queryBody, _) = await api.GetAsync($"/api/symbols?q={new string('x', 65)}");
        var (listStatus, listBody, _) = await api.GetAsync($"/api/quotes?symbols={string.Join(',', Enumerable.Range(0, 101).Select(i => $"S{i}"))}");
        var (periodStatus, periodBody, _) = await api.GetAsync($"/api/search?symbol=AAPL&period={new string('p', 5000)}");

        Assert.Equal((400, 400, 400, 400), (symbolStatus, queryStatus, listStatus, periodStatus));
        Assert.Contains("1 to 32 characters", symbolBody.GetProperty("valid").GetString(), StringComparison.Ordinal);
        Assert.Contains("1 to 64 characters", queryBody.GetProperty("valid").GetString(), StringComparison.Ordinal);
        Assert.Contains("101 symbols given", listBody.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(periodBody.GetProperty("detail").GetString()!.Length < 200);
    }

    [Fact]
    public async Task A_known_symbol_without_a_trade_has_no_quote_yet()
    {
        var (status, body, response) = await api.GetAsync("/api/quotes/KO");

        AssertProblem(404, "has not traded", "code", status, body, response);
        Assert.Equal("no_trade_yet", body.GetProperty("code").GetString());
        var (latestStatus, latest, _) = await api.GetAsync("/api/metrics/latest?symbol=KO");
        Assert.Equal((404, "no_trade_yet"), (latestStatus, latest.GetProperty("code").GetString()));
    }

    [Theory]
    [InlineData("""{"symbol":"AAPL","period":"1d","interval":"1h","seed":1}""", "text/plain", 415, "must be JSON", "valid")]
    [InlineData("symbol=AAPL&period=1d", "application/json", 400, "not a valid request", "valid")]
    [InlineData("", "application/json", 400, "not a valid request", "valid")]
    [InlineData("[1,2]", "application/json", 400, "not a valid request", "valid")]
    [InlineData("[1,2]", "application/json", 400, "it is an array, not a JSON object", "valid")]
    [InlineData("{\"symbol\":\"AAPL\",", "application/json", 400, "LineNumber: 0", "valid")]
    [InlineData("""{"symbol":"AAPL","period":"1d","interval":"1h","seed":"one"}""", "application/json", 400, "seed must be a whole number from -9223372036854775808 to 9223372036854775807, not a string.", "valid")]
    [InlineData("""{"symbol":"AAPL","period":"1d","interval":"1h","seed":1.5}""", "application/json", 400, "seed must be a whole number from -9223372036854775808 to 9223372036854775807, not the number 1.5.", "valid")]
    [InlineData("""{"symbol":"AAPL","period":"1d","interval":"1h","seed":1e30}""", "application/json", 400, "not the number 1e30.", "valid")]
    [InlineData("""{"symbol":42,"period":"1d","interval":"1h","seed":1}""", "application/json", 400, "symbol must be a string, not the number 42.", "valid")]
    [InlineData("""{"symbol":"AAPL","period":"1d","interval":"1h"}""", "application/json", 400, "request: seed is missing.", "valid")]
    [InlineData("""{}""", "application/json", 400, "request: symbol, period, interval, seed are missing.", "valid")]
    [InlineData("""{"period":["1d"],"interval":"1h","seed":true}""", "application/json", 400, "symbol is missing; period must be a string, not an array; seed must be a whole number", "valid")]
    [InlineData("""{"symbol":null,"period":"1d","interval":"1h","seed":1}""", "application/json", 400, "symbol must be a string, not null.", "valid")]
    [InlineData("""{"symbol":"AAPL","period":"1d","interval":"1h","seed":1,"symbol":"MSFT"}""", "application/json", 400, "symbol is given 2 times.", "valid")]
    [InlineData("""{"symbol":"AAPL","period":"1d","interval":"1h","seed":1,"Symbol":"MSFT"}""", "application/json", 400, "symbol is given 2 times.", "valid")]
    [InlineData("""{"symbol":"AA PL","period":"1d","interval":"1h","seed":1}""", "application/json", 400, "is not a symbol", "valid")]
    [InlineData("""{"symbol":"NOSUCH1","period":"1d","interval":"1h","seed":1}""", "application/json", 404, "No symbol", "code")]
    [InlineData("""{"symbol":"AAPL","period":"3w","interval":"1h","seed":1}""", "application/json", 400, "The period '3w' is not valid; valid: 1d, 5d", "valid")]
    [InlineData("""{"symbol":"AAPL","period":"1d","interval":"2h","seed":1}""", "application/json", 400, "The interval '2h' is not valid", "valid")]
    [InlineData("""{"symbol":"AAPL","period":"max","interval":"1m","seed":1}""", "application/json", 400, "at most 3,000,000 can be regenerated", "valid")]
    public async Task A_bad_regeneration_body_gets_a_problem_answer(string body, string contentType, int status, string detail, string extension)
    {
        var (code, problem, response) = await api.PostAsync("/api/regenerate", body, contentType);

        AssertProblem(status, detail, extension, code, problem, response);
    }

    [Fact]
    public async Task A_regeneration_body_over_16_KiB_is_refused_with_413()
    {
        var padding = new string(' ', 16 * 1024);
        var (status, problem, response) = await api.PostAsync("/api/regenerate", $$"""{"symbol":"AAPL","period":"1d","interval":"1h","seed":1}{{padding}}""");

        AssertProblem(413, "larger than 16,384 bytes", "valid", status, problem, response);
    }

    private static void AssertProblem(int status, string detail, string extension, int code, JsonElement body, HttpResponseMessage response)
    {
        Assert.Equal(status, code);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        Assert.Contains(detail, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(body.TryGetProperty(extension, out _), $"the problem has '{extension}': {body}");
    }
}
