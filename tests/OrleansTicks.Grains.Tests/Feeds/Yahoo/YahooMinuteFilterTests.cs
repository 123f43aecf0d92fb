using OrleansTicks.Grains.Feeds.Yahoo;

namespace OrleansTicks.Grains.Tests.Feeds.Yahoo;

public sealed class YahooMinuteFilterTests
{
    private static readonly DateTime Nine = new(2026, 11, 20, 14, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void A_minute_is_imported_once_its_end_plus_the_settle_delay_has_passed_and_not_before()
    {
        YahooMinute[] minutes = [Good(Nine), Good(Nine.AddMinutes(1))];

        var early = YahooMinuteFilter.Select(minutes, null, Nine.AddMinutes(2).AddTicks(-1));
        var onTime = YahooMinuteFilter.Select(minutes, null, Nine.AddMinutes(2));

        Assert.Equal([Nine], early.Bars.Select(b => b.Start));
        Assert.Equal([Nine, Nine.AddMinutes(1)], onTime.Bars.Select(b => b.Start));
        Assert.Equal(Nine.AddMinutes(1), onTime.Watermark);
    }

    [Fact]
    public void Minutes_at_or_before_the_watermark_are_passed_over_without_being_counted()
    {
        YahooMinute[] minutes = [Good(Nine), Good(Nine.AddMinutes(1)) with { High = null }, Good(Nine.AddMinutes(2))];

        var selection = YahooMinuteFilter.Select(minutes, Nine.AddMinutes(1), Nine.AddHours(1));

        Assert.Equal([Nine.AddMinutes(2)], selection.Bars.Select(b => b.Start));
        Assert.Equal((0, 0), (selection.Bad, selection.Empty));
    }

    [Fact]
    public void The_bar_of_a_minute_carries_the_unix_minute_as_its_line_so_trade_ids_derive_from_the_minute()
    {
        var selection = YahooMinuteFilter.Select([Good(Nine)], null, Nine.AddHours(1));

        Assert.Equal(new DateTimeOffset(Nine).ToUnixTimeSeconds() / 60, selection.Bars.Single().Line);
    }

    private static YahooMinute Good(DateTime start) => new(new DateTimeOffset(start).ToUnixTimeSeconds(), 10m, 11m, 9m, 10.5m, 100m);
}
