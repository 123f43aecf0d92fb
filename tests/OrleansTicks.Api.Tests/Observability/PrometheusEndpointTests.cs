using System.Net;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds;

namespace OrleansTicks.Api.Tests.Observability;

[Collection(QuietApiCollection.Name)]
public sealed class PrometheusEndpointTests(QuietApiFixture quiet)
{
    [Fact]
    public async Task Metrics_answers_parseable_text_format_with_every_instrument_the_issue_names()
    {
        var factory = quiet.Factory;
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        var scrape = PrometheusExposition.Parse(text);

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        (string Name, string Type)[] expected =
        [
            ("orleansticks_trades_published_total", "counter"),
            ("orleansticks_trades_rejected_total", "counter"),
            ("orleansticks_trades_applied_total", "counter"),
            ("orleansticks_feed_messages_bad_total", "counter"),
            ("orleansticks_feed_vendor_errors_total", "counter"),
            ("orleansticks_feed_reconnects_total", "counter"),
            ("orleansticks_bars_written_total", "counter"),
            ("orleansticks_hub_connections", "gauge"),
            ("orleansticks_hub_updates_conflated_total", "counter"),
            ("orleansticks_hub_messages_sent_total", "counter"),
            ("orleansticks_grains_active", "gauge"),
            ("orleansticks_storage_bar_write_duration_seconds", "histogram"),
            ("orleansticks_storage_state_write_duration_seconds", "histogram"),
        ];
        foreach (var (name, type) in expected)
        {
            Assert.True(scrape.Families.TryGetValue(name, out var family), $"{name} missing from:\n{text}");
            Assert.Equal(type, family.Type);
            Assert.False(string.IsNullOrWhiteSpace(family.Help));
        }

        Assert.NotNull(scrape.Value("orleansticks_trades_rejected_total", ("reason", "bad_price")));
        Assert.NotNull(scrape.Value("orleansticks_storage_bar_write_duration_seconds_bucket", ("le", "+Inf")));
    }

    [Fact]
    public async Task Metrics_need_no_key_when_none_are_configured()
    {
        using var client = quiet.Factory.CreateClient();

        using var metrics = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    [Fact]
    public async Task Counters_move_after_trades_are_published_and_rejected()
    {
        var factory = quiet.Factory;
        using var client = factory.CreateClient();
        var before = await MetricsScrape.GetAsync(client);
        var ingestor = factory.Services.GetRequiredService<TradeIngestor>();
        var now = DateTime.UtcNow;

        await ingestor.PublishAsync(new Trade[]
        {
            new("AAPL", 1, 190.5m, 100, now),
            new("AAPL", 2, 190.6m, 50, now),
            new("AAPL", 3, 0m, 10, now), // bad price
            new("NOSUCHSYMBOLXYZ", 4, 10m, 10, now),
        });

        // No feed runs, and no other test of this collection publishes: the counters move by exactly our trades.
        var after = await MetricsScrape.UntilAsync(client,
            s => s.Value("orleansticks_trades_applied_total") == before.Value("orleansticks_trades_applied_total") + 2, "two trades applied");
        Assert.Equal(before.Value("orleansticks_trades_published_total") + 2, after.Value("orleansticks_trades_published_total"));
        Assert.Equal(1, after.Value("orleansticks_trades_rejected_total", ("reason", "bad_price")));
        Assert.Equal(1, after.Value("orleansticks_trades_rejected_total", ("reason", "unknown_symbol")));
        Assert.Equal(0, after.Value("orleansticks_trades_rejected_total", ("reason", "bad_size")));
        Assert.True(after.Value("orleansticks_grains_active") > 0, "the symbol grains are counted");
    }

    [Fact]
    public async Task Tags_become_escaped_labels_and_meters_of_other_hosts_stay_out()
    {
        var factory = quiet.Factory;
        using var client = factory.CreateClient();
        const string awkward = "say \"hi\" \\ then\nnew line";
        var meter = factory.Services.GetRequiredService<IMeterFactory>().Create("OrleansTicks.Tests");
        var counter = meter.CreateCounter<double>("orleansticks.tests.odd-name/with.dots", "s");
        counter.Add(1.5, new KeyValuePair<string, object?>("what.tag", awkward));
        counter.Add(1, new KeyValuePair<string, object?>("what.tag", awkward));
        using var foreign = new Meter("OrleansTicks.Foreign");
        foreign.CreateCounter<long>("orleansticks.foreign.count").Add(1);

        var scrape = await MetricsScrape.GetAsync(client);

        Assert.Equal(2.5, scrape.Value("orleansticks_tests_odd_name_with_dots_seconds_total", ("what_tag", awkward)));
        Assert.DoesNotContain("orleansticks_foreign_count_total", scrape.Families.Keys);
    }

    [Fact]
    public async Task An_instrument_measured_only_with_tags_has_no_untagged_series_and_an_unmeasured_one_reads_zero()
    {
        using var client = quiet.Factory.CreateClient();
        var meter = quiet.Factory.Services.GetRequiredService<IMeterFactory>().Create("OrleansTicks.Tests");
        var tagged = meter.CreateHistogram<double>("orleansticks.tests.tagged.duration", "s");
        var untouched = meter.CreateCounter<long>("orleansticks.tests.untouched");
        var both = meter.CreateCounter<long>("orleansticks.tests.both");

        var before = await MetricsScrape.GetAsync(client);
        tagged.Record(0.002, new KeyValuePair<string, object?>("provider", "Default"));
        both.Add(2);
        both.Add(3, new KeyValuePair<string, object?>("kind", "x"));
        var after = await MetricsScrape.GetAsync(client);

        Assert.Equal(0, before.Value("orleansticks_tests_tagged_duration_seconds_count"));
        Assert.All(after.Families["orleansticks_tests_tagged_duration_seconds"].Samples, s => Assert.Equal("Default", s.Labels["provider"]));
        Assert.Equal(1, after.Value("orleansticks_tests_tagged_duration_seconds_count", ("provider", "Default")));
        Assert.Equal(0, after.Value("orleansticks_tests_untouched_total"));
        Assert.Equal((2, 3), (after.Value("orleansticks_tests_both_total"), after.Value("orleansticks_tests_both_total", ("kind", "x"))));
    }
}
