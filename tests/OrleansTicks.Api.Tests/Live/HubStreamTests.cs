using OrleansTicks.TestKit.Live;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>The hub with the real JavaScript client: snapshot, then live updates with nothing missed and no duplicate.</summary>
public sealed class HubStreamTests
{
    // A long bar-close grace: the grain's tick never closes the open bar during a test (a run that met a minute's end
    // could otherwise find the snapshot's bar gone, or an extra final bar in the stream).
    private static readonly Dictionary<string, string?> NoConflation = new() { ["Hub:MaxQuotesPerSecond"] = "0", ["Market:BarCloseGrace"] = "00:10:00" };

    [Fact]
    public async Task Subscribe_answers_the_snapshot_then_every_update_follows_with_contiguous_sequence_numbers()
    {
        await using var server = await LiveServer.StartAsync(NoConflation);
        await using var client = await NodeHubClient.ConnectAsync(server.HubUrl);
        await server.TradeAsync("AAPL", 100m);
        var last = await server.TradeAsync("AAPL", 101m, size: 5);

        var result = await client.SubscribeAsync("aapl");
        var snapshot = Assert.Single(result.GetProperty("accepted").EnumerateArray());
        Assert.Equal("AAPL", snapshot.GetProperty("symbol").GetString());
        Assert.Empty(result.GetProperty("rejected").EnumerateArray());
        var snapshotSeq = snapshot.GetProperty("seq").GetInt64();
        Assert.Equal(101m, snapshot.GetProperty("quote").GetProperty("price").GetDecimal());
        Assert.Equal(last.TradeId, snapshot.GetProperty("quote").GetProperty("tradeId").GetInt64());
        Assert.True(snapshot.GetProperty("quote").GetProperty("seq").GetInt64() <= snapshotSeq);
        Assert.Equal(101m, snapshot.GetProperty("bar").GetProperty("c").GetDecimal());

        // 20 rounds of 3 trades; each round waits for its last quote, so the grain applies at least 20 batches (one
        // quote and one bar update each) however the stream groups trades.
        for (var round = 0; round < 20; round++)
        {
            for (var i = 1; i <= 3; i++)
            {
                last = await server.TradeAsync("AAPL", 101m + (round / 10m) + (i / 100m));
            }

            var awaited = last.TradeId;
            await client.WaitForAsync(_ => client.Messages("quote").Any(q => q.GetProperty("tradeId").GetInt64() == awaited), $"round {round}'s quote");
        }

        var seqs = client.Events.Where(e => e.GetProperty("event").GetString() is "quote" or "bar")
            .Select(e => e.GetProperty("data").GetProperty("seq").GetInt64()).ToList();
        Assert.All(seqs, seq => Assert.True(seq > snapshotSeq, $"seq {seq} is not after the snapshot's {snapshotSeq}"));
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => snapshotSeq + 1 + i), seqs); // contiguous, in order, no duplicate
        Assert.True(seqs.Count >= 40, $"only {seqs.Count} updates for 20 batches");
        var finalQuote = client.Messages("quote")[^1];
        Assert.Equal(last.Price, finalQuote.GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task A_second_client_of_a_watched_symbol_gets_the_current_state_and_the_same_later_updates()
    {
        await using var server = await LiveServer.StartAsync(NoConflation);
        await server.TradeAsync("MSFT", 300m);
        await using var first = await NodeHubClient.ConnectAsync(server.HubUrl);
        await first.SubscribeAsync("MSFT");
        for (var i = 0; i < 20; i++)
        {
            await server.TradeAsync("MSFT", 300m + i);
        }

        await using var second = await NodeHubClient.ConnectAsync(server.HubUrl);
        var snapshot = (await second.SubscribeAsync("MSFT")).GetProperty("accepted")[0];
        var snapshotSeq = snapshot.GetProperty("seq").GetInt64();
        await server.WaitForSubscribersAsync("MSFT", 2); // the count's own quote update is behind us
        var last = await server.TradeAsync("MSFT", 400m);

        foreach (var client in new[] { first, second })
        {
            // A batch publishes its quote, then its partial bar: wait for both.
            await client.WaitForAsync(_ => client.Messages("quote").Any(q => q.GetProperty("tradeId").GetInt64() == last.TradeId)
                && client.Messages("bar").Any(b => b.GetProperty("bar").GetProperty("c").GetDecimal() == 400m), "the last quote and bar");
        }

        // The second client's messages are exactly the first client's messages after the snapshot.
        static List<long> Seqs(NodeHubClient c) => [.. c.Events.Where(e => e.GetProperty("event").GetString() is "quote" or "bar")
            .Select(e => e.GetProperty("data").GetProperty("seq").GetInt64())];
        Assert.Equal(Seqs(first).Where(s => s > snapshotSeq), Seqs(second));
        var snapshotPrice = snapshot.GetProperty("quote").GetProperty("price").GetDecimal();
        var firstQuoteAtSnapshot = first.Messages("quote").Last(q => q.GetProperty("seq").GetInt64() <= snapshotSeq);
        Assert.Equal(firstQuoteAtSnapshot.GetProperty("price").GetDecimal(), snapshotPrice);
    }

    [Fact]
    public async Task Subscribing_again_answers_a_fresh_snapshot_and_does_not_double_the_stream_or_the_count()
    {
        await using var server = await LiveServer.StartAsync(NoConflation);
        await using var client = await NodeHubClient.ConnectAsync(server.HubUrl);
        await server.TradeAsync("NVDA", 50m);
        await client.SubscribeAsync("NVDA");
        await server.WaitForSubscribersAsync("NVDA", 1); // the count's own quote update is behind us
        var moved = await server.TradeAsync("NVDA", 51m);
        await client.WaitForAsync(_ => client.Messages("quote").Any(q => q.GetProperty("tradeId").GetInt64() == moved.TradeId), "the quote");

        var again = (await client.SubscribeAsync("nvda")).GetProperty("accepted")[0];
        Assert.Equal(51m, again.GetProperty("quote").GetProperty("price").GetDecimal());
        var last = await server.TradeAsync("NVDA", 52m);
        await client.WaitForAsync(_ => client.Messages("quote").Any(q => q.GetProperty("tradeId").GetInt64() == last.TradeId), "the last quote");
        await server.WaitForSubscribersAsync("NVDA", 1);
        Assert.Equal(1, server.CountOnThisNode("NVDA"));

        var seqs = client.Events.Where(e => e.GetProperty("event").GetString() is "quote" or "bar")
            .Select(e => e.GetProperty("data").GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.Distinct(), seqs);
        Assert.Single(client.Messages("quote"), q => q.GetProperty("tradeId").GetInt64() == last.TradeId);
    }

    [Fact]
    public async Task Subscribe_rejects_invalid_unknown_and_over_the_limit_symbols_with_codes()
    {
        await using var server = await LiveServer.StartAsync(new() { ["Hub:MaxSymbolsPerConnection"] = "3", ["Hub:MaxSymbolsPerCall"] = "10" });
        await using var client = await NodeHubClient.ConnectAsync(server.HubUrl);

        var result = await client.SubscribeAsync("aapl", "not a symbol!", "", "ZZZZQQ", "MSFT", "AAPL");

        Assert.Equal(["AAPL", "MSFT"], result.GetProperty("accepted").EnumerateArray().Select(a => a.GetProperty("symbol").GetString()));
        var rejected = result.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal(["invalid_symbol", "invalid_symbol", "unknown_symbol"], rejected.Select(r => r.GetProperty("code").GetString()));
        Assert.Contains("A-Z", rejected[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("ZZZZQQ", rejected[2].GetProperty("symbol").GetString());

        var more = await client.SubscribeAsync("GOOGL", "AMZN", "NVDA");
        Assert.Equal(["GOOGL"], more.GetProperty("accepted").EnumerateArray().Select(a => a.GetProperty("symbol").GetString()));
        var over = more.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal(["AMZN", "NVDA"], over.Select(r => r.GetProperty("symbol").GetString()));
        Assert.All(over, r => Assert.Equal("limit_exceeded", r.GetProperty("code").GetString()));
        Assert.Contains("Hub:MaxSymbolsPerConnection", over[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        var removed = await client.UnsubscribeAsync("msft", "NVDA");
        Assert.Equal(["MSFT"], removed.EnumerateArray().Select(s => s.GetString()));
        var afterUnsubscribe = await client.SubscribeAsync("NVDA");
        Assert.Equal("NVDA", afterUnsubscribe.GetProperty("accepted")[0].GetProperty("symbol").GetString());
    }

    [Fact]
    public async Task Bad_arguments_get_a_clear_error_and_the_connection_stays_usable()
    {
        await using var server = await LiveServer.StartAsync(new() { ["Hub:MaxSymbolsPerCall"] = "10" });
        await using var client = await NodeHubClient.ConnectAsync(server.HubUrl);

        var tooMany = await Assert.ThrowsAsync<HubCallFailedException>(() => client.SubscribeAsync([.. Enumerable.Repeat("AAPL", 11)]));
        Assert.Contains("at most 10", tooMany.Message, StringComparison.Ordinal);
        var nullArray = await Assert.ThrowsAsync<HubCallFailedException>(() => client.InvokeAsync("Subscribe", [null]));
        Assert.Contains("array of symbol strings", nullArray.Message, StringComparison.Ordinal);
        var number = await Assert.ThrowsAsync<HubCallFailedException>(() => client.InvokeAsync("Subscribe", 42));
        Assert.Contains("symbols must be an array of symbol strings, e.g. [\"AAPL\",\"MSFT\"], not 42.", number.Message, StringComparison.Ordinal);
        var obj = await Assert.ThrowsAsync<HubCallFailedException>(() => client.InvokeAsync("Subscribe", new { symbols = "AAPL" }));
        Assert.Contains("not {\"symbols\":\"AAPL\"}.", obj.Message, StringComparison.Ordinal);
        var text = await Assert.ThrowsAsync<HubCallFailedException>(() => client.InvokeAsync("Unsubscribe", "AAPL"));
        Assert.Contains("not \"AAPL\".", text.Message, StringComparison.Ordinal);

        // Elements that are not strings are refused one by one, like malformed symbols; the others are answered.
        var mixed = await client.InvokeAsync("Subscribe", (object)new object?[] { "AAPL", 42, null, new[] { "MSFT" } });
        Assert.Equal(["AAPL"], mixed.GetProperty("accepted").EnumerateArray().Select(a => a.GetProperty("symbol").GetString()));
        var refused = mixed.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal(["42", "null", "[\"MSFT\"]"], refused.Select(r => r.GetProperty("symbol").GetString()));
        Assert.All(refused, r => Assert.Equal("invalid_symbol", r.GetProperty("code").GetString()));
        Assert.StartsWith("42 is not a symbol: a symbol is a string of", refused[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(["AAPL"], (await client.InvokeAsync("Unsubscribe", (object)new object?[] { 42, "AAPL" })).EnumerateArray().Select(s => s.GetString()));

        var result = await client.SubscribeAsync("AAPL");
        Assert.Equal("AAPL", result.GetProperty("accepted")[0].GetProperty("symbol").GetString());
        Assert.DoesNotContain(client.Events, e => e.GetProperty("event").GetString() == "closed");
    }

    [Fact]
    public async Task A_subscribe_of_the_most_symbols_allowed_in_their_longest_form_is_answered_not_closed()
    {
        await using var server = await LiveServer.StartAsync();
        await using var client = await NodeHubClient.ConnectAsync(server.HubUrl);
        var longest = Enumerable.Range(0, 1_000).Select(i => $"{i:D4}".PadLeft(32, 'Z')).ToArray(); // Hub:MaxSymbolsPerCall's default

        var answer = await client.SubscribeAsync(longest);

        Assert.True(longest.Sum(s => s.Length + 3) > 32 * 1024, "the call is over SignalR's default limit");
        Assert.Equal(1_000, answer.GetProperty("rejected").GetArrayLength());
        Assert.All(answer.GetProperty("rejected").EnumerateArray(), r => Assert.Equal("unknown_symbol", r.GetProperty("code").GetString()));
        Assert.Equal("AAPL", (await client.SubscribeAsync("AAPL")).GetProperty("accepted")[0].GetProperty("symbol").GetString());
        Assert.DoesNotContain(client.Events, e => e.GetProperty("event").GetString() == "closed");
    }
}
