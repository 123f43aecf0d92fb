using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.TestKit.Live;
using Xunit.Abstractions;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>Conflation on: quotes at most at the configured rate, numbers still increasing, closed bars all delivered.</summary>
public sealed class HubConflationTests(ITestOutputHelper output)
{
    private const int MaxQuotesPerSecond = 5;
    private const int Minutes = 4;
    private const int TradesPerMinute = 40;

    [Fact]
    public async Task Conflated_quotes_keep_to_the_rate_with_increasing_numbers_and_every_closed_bar_arrives()
    {
        // A long close grace: a minute closes only when the next minute's first trade comes, never because a loaded
        // machine paused between two trades of it (a later trade of it would then be a revision).
        await using var server = await LiveServer.StartAsync(new()
        {
            ["Hub:MaxQuotesPerSecond"] = MaxQuotesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Market:BarCloseGrace"] = "00:10:00",
        });
        await using var client = await NodeHubClient.ConnectAsync(server.HubUrl);
        var snapshotSeq = (await client.SubscribeAsync("MSFT")).GetProperty("accepted")[0].GetProperty("seq").GetInt64();
        var grain = server.Grains.GetGrain<ISymbolGrain>("MSFT");
        var now = DateTime.UtcNow;
        var firstMinute = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc).AddMinutes(-10);

        // Each trade is applied before the next is published, so every trade is an update of its own: 2 per trade.
        for (var minute = 0; minute < Minutes; minute++)
        {
            for (var i = 0; i < TradesPerMinute; i++)
            {
                var trade = await server.TradeAsync("MSFT", 200m + i, time: firstMinute.AddMinutes(minute).AddSeconds(i));
                await server.WaitForAppliedAsync(trade);
                if (i % 10 == 9)
                {
                    await Task.Delay(100); // spread the trades over a few conflation intervals
                }
            }
        }

        // Every minute but the last is closed by the next one's first trade.
        await client.WaitForAsync(_ => client.Messages("bar").Count(b => b.GetProperty("final").GetBoolean()) == Minutes - 1, "every closed bar");
        var last = (await grain.GetQuoteAsync())!;
        await client.WaitForAsync(_ => client.Messages("quote").Any(q => q.GetProperty("tradeId").GetInt64() == last.TradeId), "the last quote");

        var finals = client.Messages("bar").Where(b => b.GetProperty("final").GetBoolean()).ToList();
        Assert.Equal(Enumerable.Range(0, Minutes - 1).Select(m => firstMinute.AddMinutes(m)), finals.Select(b => b.GetProperty("bar").GetProperty("t").GetDateTime()));
        Assert.All(finals, b => Assert.Equal(0, b.GetProperty("revision").GetInt32()));
        Assert.All(finals, b => Assert.Equal(TradesPerMinute, b.GetProperty("bar").GetProperty("n").GetInt64()));

        var updates = client.Events.Where(e => e.GetProperty("event").GetString() is "quote" or "bar").ToList();
        var seqs = updates.Select(e => e.GetProperty("data").GetProperty("seq").GetInt64()).ToList();
        Assert.True(seqs[0] > snapshotSeq);
        Assert.All(seqs.Zip(seqs.Skip(1)), pair => Assert.True(pair.First < pair.Second, $"seq {pair.Second} after {pair.First}"));

        var quotes = updates.Where(e => e.GetProperty("event").GetString() == "quote").ToList();
        var spanSeconds = (quotes[^1].GetProperty("at").GetDouble() - quotes[0].GetProperty("at").GetDouble()) / 1000;
        output.WriteLine($"{Minutes * TradesPerMinute} trades -> {quotes.Count} quotes over {spanSeconds:F1} s, {updates.Count} messages, {server.Metrics.Conflated} conflated");
        // At most the rate over the time they came in (2 s of slack for delivery jitter), plus one quote pushed out
        // ahead of each closed bar.
        Assert.True(quotes.Count <= (MaxQuotesPerSecond * (spanSeconds + 2)) + finals.Count + 1,
            $"{quotes.Count} quotes in {spanSeconds:F1} s exceed {MaxQuotesPerSecond}/s");
        Assert.True(quotes.Count < Minutes * TradesPerMinute, "no quote was conflated");
        Assert.True(server.Metrics.Conflated > 0);
        Assert.Equal(last.Price, quotes[^1].GetProperty("data").GetProperty("price").GetDecimal());
    }
}
