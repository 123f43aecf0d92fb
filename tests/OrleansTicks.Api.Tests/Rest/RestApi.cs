using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Storage;
using OrleansTicks.Runtime;
using OrleansTicks.TestKit;

namespace OrleansTicks.Api.Tests.Rest;

/// <summary>The API in embedded mode without a feed (<c>Feed:Kind=none</c>): tests put known trades in through the
/// ingestor, or known bars into the bar store, and compare the answers with bars computed by definition. Shared by
/// the tests of a class; each test uses symbols of its own.</summary>
public class RestApi : IAsyncLifetime
{
    private readonly Dictionary<string, long> _tradeIds = [];

    public RestApi()
        : this([])
    {
    }

    protected RestApi(Dictionary<string, string?> settings)
    {
        Factory = new TicksApiFactory().With("Feed:Kind", "none");
        foreach (var (key, value) in settings)
        {
            Factory.With(key, value);
        }
    }

    public TicksApiFactory Factory { get; }

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => Factory.Services;

    public IBarStore Store => Services.GetRequiredService<IBarStore>();

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }

    /// <summary>A trade of <paramref name="symbol"/> with the next trade id of that symbol.</summary>
    public Trade Trade(string symbol, DateTime time, decimal price, decimal size)
    {
        var id = _tradeIds.GetValueOrDefault(symbol) + 1;
        _tradeIds[symbol] = id;
        return new Trade(symbol, id, price, size, time);
    }

    /// <summary>Publishes trades through the ingestor and waits until the symbol grains have applied them all: each
    /// grain's count of applied trades has grown by its share (trades applied before are not mistaken for these).</summary>
    public async Task PublishAsync(IReadOnlyList<Trade> trades)
    {
        var groups = trades.GroupBy(t => t.Symbol).Select(g => (Grain: Grains.GetGrain<ISymbolGrain>(g.Key), Symbol: g.Key, Count: g.Count())).ToList();
        var before = new long[groups.Count];
        for (var i = 0; i < groups.Count; i++)
        {
            before[i] = (await groups[i].Grain.GetSnapshotAsync().Within()).TradesApplied;
        }

        await Services.GetRequiredService<TradeIngestor>().PublishAsync(trades.ToArray()).AsTask().Within();
        for (var i = 0; i < groups.Count; i++)
        {
            var (grain, symbol, count) = groups[i];
            var applied = 0L;
            var deadline = DateTime.UtcNow + Wait.Generous;
            while ((applied = (await grain.GetSnapshotAsync().Within()).TradesApplied - before[i]) < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }

            Assert.True(applied >= count, $"{symbol}: {applied} of {count} trades applied");
        }
    }

    /// <summary>Publishes trades the ingestor is expected to refuse (nothing to wait for).</summary>
    public Task PublishRefusedAsync(params Trade[] trades) =>
        Services.GetRequiredService<TradeIngestor>().PublishAsync(trades).AsTask().Within();

    /// <summary>Stores the 1-minute bars of <paramref name="trades"/> as if they were old history.</summary>
    public Task StoreAsync(IEnumerable<Trade> trades) =>
        Store.MergeAsync([.. BarsByDefinition.OneMinuteBySymbol(trades).SelectMany(s => s.Value.Select(b => new SymbolBar(s.Key, b)))]);

    /// <summary>Polls <c>GET /api/regenerate/{jobId}</c> until the job has completed or failed; answers its last status.</summary>
    public async Task<JsonElement> FinishedJobAsync(string jobId)
    {
        var deadline = DateTime.UtcNow + Wait.Generous;
        while (true)
        {
            var (_, job, _) = await GetAsync($"/api/regenerate/{jobId}");
            if (job.GetProperty("status").GetString() is "completed" or "failed" || DateTime.UtcNow > deadline)
            {
                return job;
            }

            await Task.Delay(20);
        }
    }

    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(string url)
    {
        var response = await Client.GetAsync(url).Within();
        return ((int)response.StatusCode, await ReadAsync(response), response);
    }

    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(string url, string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var response = await Client.PostAsync(url, content).Within();
        return ((int)response.StatusCode, await ReadAsync(response), response);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        response.Content.Headers.ContentLength == 0 ? default : await response.Content.ReadFromJsonAsync<JsonElement>();
}

/// <summary>Comparisons of JSON answers with expected bars.</summary>
public static class JsonBars
{
    public static void Equal(IReadOnlyList<Bar> expected, JsonElement bars)
    {
        Assert.Equal(expected.Count, bars.GetArrayLength());
        var i = 0;
        foreach (var bar in bars.EnumerateArray())
        {
            Equal(expected[i++], bar);
        }
    }

    public static void Equal(Bar expected, JsonElement bar)
    {
        Assert.Equal(expected.Start, bar.GetProperty("t").GetDateTime().ToUniversalTime());
        Assert.Equal(
            (expected.Open, expected.High, expected.Low, expected.Close, expected.Volume, expected.Vwap, expected.Trades),
            (bar.GetProperty("o").GetDecimal(), bar.GetProperty("h").GetDecimal(), bar.GetProperty("l").GetDecimal(), bar.GetProperty("c").GetDecimal(),
                bar.GetProperty("v").GetDecimal(), NullableDecimal(bar.GetProperty("vw")), bar.GetProperty("n").GetInt64()));
    }

    public static decimal? NullableDecimal(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal();
}
