using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Storage;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Market;

public sealed class SymbolGrainTests
{
    private static readonly DateTime Minute = new(2026, 11, 20, 14, 30, 0, DateTimeKind.Utc);

    private static Trade T(string symbol, long id, decimal price, decimal size, DateTime time) => new(symbol, id, price, size, time);

    [Fact]
    public async Task Quote_holds_the_latest_trade_and_the_days_statistics()
    {
        await using var silo = await MarketSilo.StartAsync();
        await silo.PublishAsync(
        [
            T("AAPL", 1, 190m, 100m, Minute.AddDays(-1)), // yesterday: the previous close
            T("AAPL", 2, 100m, 10m, Minute.AddSeconds(5)),
            T("AAPL", 4, 102m, 5m, Minute.AddSeconds(30)),
            T("AAPL", 3, 99m, 1m, Minute.AddSeconds(10)), // arrives late, is not the last trade
        ]);

        var quote = await silo.Grains.GetGrain<ISymbolGrain>("AAPL").GetQuoteAsync().Within();

        Assert.NotNull(quote);
        Assert.Equal((102m, 5m, 4L, Minute.AddSeconds(30), 3L), (quote.Price, quote.Size, quote.TradeId, quote.Time, quote.Trades));
        Assert.Equal((100m, 102m, 99m, 16m), (quote.Open, quote.High, quote.Low, quote.Volume));
        Assert.Equal((1000m + 510m + 99m) / 16m, quote.Vwap);
        Assert.Equal(190m, quote.PreviousClose);
        Assert.Equal(-88m, quote.Change);
        Assert.Equal(Math.Round(-88m * 100m / 190m, 4), quote.ChangePercent);
    }

    [Fact]
    public async Task A_new_symbol_with_stored_history_counts_its_day_and_numbers_its_updates_from_its_own_trades()
    {
        await using var silo = await MarketSilo.StartAsync();
        // Regenerated history of an earlier minute of the day: stored bars, but no trade ever applied or committed, so
        // the first activation is not recovering from a crash.
        var history = Bar.FromTrade(T("ORCL", 1, 50m, 1_000m, Minute.AddMinutes(-10)), Minute.AddMinutes(-10));
        await silo.Store.MergeAsync([new SymbolBar("ORCL", history)]);
        await silo.PublishAsync([T("ORCL", 2, 180m, 7m, Minute)]);

        var snapshot = await silo.Grains.GetGrain<ISymbolGrain>("ORCL").GetSnapshotAsync().Within();

        Assert.Equal(2, snapshot.Sequence); // its quote and its partial bar
        Assert.Equal((180m, 180m, 7m), (snapshot.Quote!.Open, snapshot.Quote.Low, snapshot.Quote.Volume));
    }

    [Fact]
    public async Task A_symbol_whose_first_trades_are_today_takes_its_previous_close_from_the_stored_bars_of_an_earlier_day()
    {
        await using var silo = await MarketSilo.StartAsync();
        // Stored history: two days back and yesterday (its last minute closes at 151); today's earlier minute is not
        // a previous day.
        await silo.Store.MergeAsync(
        [
            new SymbolBar("ORCL", Bar.FromTrade(T("ORCL", 1, 140m, 5m, Minute.AddDays(-2)), Minute.AddDays(-2))),
            new SymbolBar("ORCL", Bar.FromTrade(T("ORCL", 2, 150m, 5m, Minute.AddDays(-1)), Minute.AddDays(-1))),
            new SymbolBar("ORCL", Bar.FromTrade(T("ORCL", 3, 151m, 5m, Minute.AddDays(-1).AddMinutes(1)), Minute.AddDays(-1).AddMinutes(1))),
            new SymbolBar("ORCL", Bar.FromTrade(T("ORCL", 4, 170m, 5m, Minute.AddMinutes(-5)), Minute.AddMinutes(-5))),
        ]);
        await silo.PublishAsync([T("ORCL", 5, 181m, 7m, Minute)]);

        var quote = await silo.Grains.GetGrain<ISymbolGrain>("ORCL").GetQuoteAsync().Within();

        Assert.Equal((151m, 30m), (quote!.PreviousClose, quote.Change));
        Assert.Equal((181m, 7m), (quote.Open, quote.Volume)); // the day's statistics stay those of its own trades
    }

    [Fact]
    public async Task A_previous_day_of_applied_trades_beats_an_older_stored_one_and_a_newer_stored_one_beats_it()
    {
        await using var silo = await MarketSilo.StartAsync();
        await silo.Store.MergeAsync([new SymbolBar("IBM", Bar.FromTrade(T("IBM", 1, 200m, 5m, Minute.AddDays(-3)), Minute.AddDays(-3)))]);
        await silo.PublishAsync([T("IBM", 2, 210m, 1m, Minute.AddDays(-1)), T("IBM", 3, 220m, 1m, Minute)]);
        var grain = silo.Grains.GetGrain<ISymbolGrain>("IBM");
        var observer = new RecordingObserver();
        await grain.SubscribeAsync(silo.Grains.CreateObjectReference<ISymbolObserver>(observer)).Within();

        Assert.Equal(210m, (await grain.GetQuoteAsync().Within())!.PreviousClose);

        // History regenerated over yesterday, with a trade later than the applied one: its close is the previous close
        // now, and watchers are told at once.
        var from = Minute.AddDays(-1).Date;
        await silo.Store.ReplaceRangeAsync("IBM", from, from.AddDays(1), [Bar.FromTrade(T("IBM", 9, 215m, 2m, from.AddHours(23)), from.AddHours(23))]);
        await grain.OnHistoryReplacedAsync(from, from.AddDays(1)).Within();

        Assert.Equal(215m, (await grain.GetQuoteAsync().Within())!.PreviousClose);
        await Wait.UntilAsync(() => observer.Quotes.LastOrDefault() is { PreviousClose: 215m, Change: 5m }, "the quote with the new previous close");
    }

    [Fact]
    public async Task A_new_utc_day_reads_the_previous_close_again()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(Minute));
        await using var silo = await MarketSilo.StartAsync(clock: clock);
        await silo.PublishAsync([T("SAP", 1, 100m, 1m, Minute)]);
        var grain = silo.Grains.GetGrain<ISymbolGrain>("SAP");
        Assert.Null((await grain.GetQuoteAsync().Within())!.PreviousClose);

        // Stored by another writer (an import) while this grain was live, then the day rolls over: the day's first
        // tick reads the stored bars again.
        var lateYesterday = Minute.AddHours(9); // 23:30, still 2026-11-20
        await silo.Store.MergeAsync([new SymbolBar("SAP", Bar.FromTrade(T("SAP", 7, 104m, 1m, lateYesterday), lateYesterday))]);
        clock.Advance(TimeSpan.FromHours(10)); // 00:30 the next day
        await silo.WhenIdleAsync();
        await silo.PublishAsync([T("SAP", 2, 106m, 1m, Minute.AddHours(10))]);

        var quote = await grain.GetQuoteAsync().Within();
        Assert.Equal((104m, 2m), (quote!.PreviousClose, quote.Change));
    }

    [Fact]
    public async Task A_trade_id_seen_before_is_ignored()
    {
        await using var silo = await MarketSilo.StartAsync();
        var trade = T("MSFT", 7, 400m, 3m, Minute);
        await silo.PublishAsync([trade, trade with { Price = 401m }]);
        await silo.PublishAsync([trade]);

        var snapshot = await silo.Grains.GetGrain<ISymbolGrain>("MSFT").GetSnapshotAsync().Within();

        Assert.Equal((3m, 1L, 400m), (snapshot.Bar!.Value.Volume, snapshot.Bar.Value.Trades, snapshot.Bar.Value.Close));
        Assert.Equal((1L, 1L), (snapshot.Quote!.Trades, snapshot.TradesApplied));
        Assert.Equal(2, snapshot.Sequence); // one quote and one partial bar: the batch of duplicates published nothing
        Assert.Equal(2, silo.Metrics.TradesDuplicate);
    }

    [Fact]
    public async Task A_late_trade_revises_its_closed_bar_and_observers_see_each_revision()
    {
        await using var silo = await MarketSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ISymbolGrain>("GOOG");
        var observer = new RecordingObserver();
        await grain.SubscribeAsync(silo.Grains.CreateObjectReference<ISymbolObserver>(observer)).Within();

        await silo.PublishAsync([T("GOOG", 1, 10m, 1m, Minute.AddSeconds(1)), T("GOOG", 2, 11m, 1m, Minute.AddSeconds(59))]);
        await silo.PublishAsync([T("GOOG", 3, 12m, 1m, Minute.AddMinutes(1))]); // closes 14:30
        await silo.PublishAsync([T("GOOG", 4, 9m, 2m, Minute.AddSeconds(30))]); // late for 14:30
        await silo.PublishAsync([T("GOOG", 5, 13m, 1m, Minute.AddSeconds(0))]); // late again, and the new open

        var finals = await WaitForFinalsAsync(observer, 3);
        Assert.Equal([0, 1, 2], finals.Select(f => f.Revision));
        Assert.All(finals, f => Assert.Equal(Minute, f.Bar.Start));
        var last = finals[^1].Bar;
        Assert.Equal((13m, 13m, 9m, 11m, 5m, 4L), (last.Open, last.High, last.Low, last.Close, last.Volume, last.Trades));
        var recent = await grain.GetRecentBarsAsync(Minute).Within();
        Assert.Equal([last.Start, Minute.AddMinutes(1)], recent.Select(b => b.Start));
        Assert.Equal(last, recent[0]);
    }

    [Fact]
    public async Task Every_update_is_numbered_after_the_subscribe_snapshot_with_no_gap()
    {
        await using var silo = await MarketSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ISymbolGrain>("NVDA");
        await silo.PublishAsync([T("NVDA", 1, 100m, 1m, Minute), T("NVDA", 2, 101m, 1m, Minute.AddSeconds(1))]);
        var observer = new RecordingObserver();

        var snapshot = await grain.SubscribeAsync(silo.Grains.CreateObjectReference<ISymbolObserver>(observer)).Within();
        await silo.PublishAsync([T("NVDA", 3, 102m, 1m, Minute.AddSeconds(2))]);
        await silo.PublishAsync([T("NVDA", 4, 103m, 1m, Minute.AddMinutes(1))]); // closes the first minute
        await silo.PublishAsync([T("NVDA", 5, 99m, 1m, Minute.AddSeconds(3))]); // late: revises it
        await grain.SetSubscriberCountAsync("api-a", 1).Within(); // a quote without a trade
        await silo.WhenIdleAsync();

        Assert.Equal((101m, 2L, 2L), (snapshot.Quote!.Price, snapshot.Sequence, snapshot.Quote.Sequence));
        Assert.Equal(101m, snapshot.Bar!.Value.Close);
        // quote+partial, final+quote+partial, revision+quote+partial, quote: 9 updates numbered 3..11 in order
        await Wait.UntilAsync(() => observer.Sequences.Count == 9, "9 updates");
        Assert.Equal(Enumerable.Range(3, 9).Select(i => (long)i), observer.Sequences);
        Assert.Equal(11, (await grain.GetSnapshotAsync().Within()).Sequence);
    }

    [Fact]
    public async Task A_batch_crossing_a_minute_is_one_notification_with_the_closed_bar_the_quote_and_the_partial_bar()
    {
        await using var silo = await MarketSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ISymbolGrain>("AMD");
        var observer = new RecordingObserver();
        await grain.SubscribeAsync(silo.Grains.CreateObjectReference<ISymbolObserver>(observer)).Within();
        await silo.PublishAsync([T("AMD", 1, 150m, 1m, Minute.AddSeconds(10))]);
        await Wait.UntilAsync(() => observer.Updates.Count == 1, "the first batch's notification");

        await silo.PublishAsync([T("AMD", 2, 151m, 2m, Minute.AddSeconds(50)), T("AMD", 3, 152m, 1m, Minute.AddMinutes(1).AddSeconds(5))]);
        await Wait.UntilAsync(() => observer.Updates.Count == 2, "the second batch's notification");
        await silo.WhenIdleAsync();

        Assert.Equal(2, observer.Updates.Count); // one per batch, nothing more
        var first = observer.Updates.First();
        Assert.Equal((1L, 2L), (first.Quote!.Sequence, Assert.Single(first.Bars).Sequence));
        var update = observer.Updates.Last();
        Assert.Equal("AMD", update.Symbol);
        Assert.Equal([(Minute, true, 3L), (Minute.AddMinutes(1), false, 5L)], update.Bars.Select(b => (b.Bar.Start, b.IsFinal, b.Sequence)));
        Assert.Equal((151m, 2L), (update.Bars[0].Bar.Close, update.Bars[0].Bar.Trades));
        Assert.Equal((152m, 3L, 4L), (update.Quote!.Price, update.Quote.TradeId, update.Quote.Sequence));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), observer.Sequences);
    }

    [Fact]
    public async Task A_bar_closed_by_the_tick_and_a_subscriber_count_change_each_arrive_as_a_notification()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(Minute.AddSeconds(20)));
        await using var silo = await MarketSilo.StartAsync(clock: clock);
        var grain = silo.Grains.GetGrain<ISymbolGrain>("QQQ");
        var observer = new RecordingObserver();
        await grain.SubscribeAsync(silo.Grains.CreateObjectReference<ISymbolObserver>(observer)).Within();
        await silo.PublishAsync([T("QQQ", 1, 400m, 1m, Minute.AddSeconds(20))]); // quote 1, partial bar 2
        await silo.WhenIdleAsync();
        clock.Advance(TimeSpan.FromSeconds(41)); // as above: past the minute, then past the grace
        await silo.WhenIdleAsync();
        clock.Advance(TimeSpan.FromSeconds(2));
        await Wait.UntilAsync(() => observer.Updates.Count == 2, "the tick's notification");

        await grain.SetSubscriberCountAsync("api-a", 4).Within();
        await Wait.UntilAsync(() => observer.Updates.Count == 3, "the subscriber count's notification");

        var updates = observer.Updates.ToArray();
        Assert.Null(updates[1].Quote);
        var closed = Assert.Single(updates[1].Bars);
        Assert.Equal((Minute, true, 0, 3L), (closed.Bar.Start, closed.IsFinal, closed.Revision, closed.Sequence));
        Assert.Empty(updates[2].Bars);
        Assert.Equal((4, 4L, 400m), (updates[2].Quote!.Subscribers, updates[2].Quote!.Sequence, updates[2].Quote!.Price));
    }

    [Fact]
    public async Task The_partial_bar_closes_once_its_minute_has_ended_by_the_grace()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(Minute.AddSeconds(20)));
        await using var silo = await MarketSilo.StartAsync(clock: clock);
        var grain = silo.Grains.GetGrain<ISymbolGrain>("SPY");
        var observer = new RecordingObserver();
        await grain.SubscribeAsync(silo.Grains.CreateObjectReference<ISymbolObserver>(observer)).Within();
        await silo.PublishAsync([T("SPY", 1, 500m, 1m, Minute.AddSeconds(20))]);
        await silo.WhenIdleAsync();

        clock.Advance(TimeSpan.FromSeconds(41)); // 14:31:01: ended, but within the grace
        await silo.WhenIdleAsync();
        Assert.DoesNotContain(observer.Bars, b => b.IsFinal);
        clock.Advance(TimeSpan.FromSeconds(2)); // 14:31:03
        var finals = await WaitForFinalsAsync(observer, 1);

        Assert.Equal((Minute, 500m, 0), (finals[0].Bar.Start, finals[0].Bar.Close, finals[0].Revision));
        Assert.Null((await grain.GetSnapshotAsync().Within()).Bar);
    }

    [Fact]
    public async Task Subscriber_count_is_the_sum_of_the_nodes_counts_and_forgets_silent_nodes()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(Minute));
        await using var silo = await MarketSilo.StartAsync(clock: clock);
        var grain = silo.Grains.GetGrain<ISymbolGrain>("INTC");
        await silo.PublishAsync([T("INTC", 1, 30m, 1m, Minute)]);

        await grain.SetSubscriberCountAsync("api-a", 3).Within();
        await grain.SetSubscriberCountAsync("api-b", 2).Within();
        Assert.Equal(5, (await grain.GetQuoteAsync().Within())!.Subscribers);
        await grain.SetSubscriberCountAsync("api-a", 0).Within();
        Assert.Equal(2, (await grain.GetQuoteAsync().Within())!.Subscribers);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.SetSubscriberCountAsync("api-b", -1).Within());

        // api-b stops re-announcing. Time moves in steps with the grains idle in between: a tick fired while one big
        // step is still under way may read the clock before the expiry and is only re-armed after the step.
        for (var i = 0; i < 12; i++)
        {
            await silo.WhenIdleAsync();
            clock.Advance(TimeSpan.FromSeconds(15));
        }

        await silo.WhenIdleAsync();
        Assert.Equal(0, (await grain.GetQuoteAsync().Within())!.Subscribers);
    }

    private static async Task<List<BarUpdate>> WaitForFinalsAsync(RecordingObserver observer, int count)
    {
        await Wait.UntilAsync(() => observer.Bars.Count(b => b.IsFinal) >= count, $"{count} final bar notifications");
        return [.. observer.Bars.Where(b => b.IsFinal)];
    }
}
