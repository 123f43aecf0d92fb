using System.Globalization;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.GrainInterfaces.Tests;

public sealed class IsoInstantTests
{
    [Theory]
    [InlineData("2026-11-20", "2026-11-20T00:00:00.0000000Z")]
    [InlineData("2026-11-20T14:30", "2026-11-20T14:30:00.0000000Z")]
    [InlineData("2026-11-20T14:30:05", "2026-11-20T14:30:05.0000000Z")]
    [InlineData("2026-11-20T14:30:05Z", "2026-11-20T14:30:05.0000000Z")]
    [InlineData("2026-11-20t14:30:05z", "2026-11-20T14:30:05.0000000Z")]
    [InlineData("2026-11-20 14:30:05", "2026-11-20T14:30:05.0000000Z")]
    [InlineData("2026-11-20T14:30:05.5Z", "2026-11-20T14:30:05.5000000Z")]
    [InlineData("2026-11-20T14:30:05.1234567Z", "2026-11-20T14:30:05.1234567Z")]
    [InlineData("2026-11-20T14:30:05.123456789Z", "2026-11-20T14:30:05.1234567Z")]
    [InlineData("2026-11-20T09:30:00-05:00", "2026-11-20T14:30:00.0000000Z")]
    [InlineData("2026-11-20T09:30:00-0500", "2026-11-20T14:30:00.0000000Z")]
    [InlineData("2026-11-20T09:30:00-05", "2026-11-20T14:30:00.0000000Z")]
    [InlineData("2026-11-21T01:00+10:30", "2026-11-20T14:30:00.0000000Z")]
    [InlineData("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.0000000Z")]
    [InlineData("2024-02-29", "2024-02-29T00:00:00.0000000Z")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999999Z")]
    public void Accepts_the_iso_forms_and_converts_them_to_utc(string text, string expected)
    {
        Assert.True(IsoInstant.TryParse(text, out var utc));

        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(expected, utc.ToString("O", CultureInfo.InvariantCulture));
    }

    [Theory]
    // what DateTimeOffset.TryParse would have guessed at
    [InlineData("1.5")]
    [InlineData("1/5")]
    [InlineData("05/11/2019")]
    [InlineData("12:00")]
    [InlineData("Dec 5")]
    [InlineData("Monday")]
    [InlineData("2026-12-07 12:00 PM")]
    [InlineData("7 December 2026")]
    // malformed or nonexistent
    [InlineData("")]
    [InlineData("2026-11-2")]
    [InlineData("2026-1-20")]
    [InlineData("20261120")]
    [InlineData("2026-11-20T1430")]
    [InlineData("2026-11-20T")]
    [InlineData("2026-11-20T14")]
    [InlineData("2026-11-20T14:3")]
    [InlineData("2026-11-20X14:30")]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-29")]
    [InlineData("2026-11-31")]
    [InlineData("0000-01-01")]
    [InlineData("2026-11-20T24:00")]
    [InlineData("2026-11-20T14:60")]
    [InlineData("2026-11-20T14:30:60")]
    [InlineData("2026-11-20T14:30:05.")]
    [InlineData("2026-11-20T14:30:05.1234567890Z")]
    [InlineData("2026-11-20T14:30:05ZZ")]
    [InlineData("2026-11-20T14:30:05 05:00")]
    [InlineData("2026-11-20T14:30:05+5:00")]
    [InlineData("2026-11-20T14:30:05+05:0")]
    [InlineData("2026-11-20T14:30:05+05:60")]
    [InlineData("2026-11-20T14:30:05+15:00")]
    [InlineData("2026-11-20T14:30:05+05:00 ")]
    [InlineData(" 2026-11-20")]
    [InlineData("２０２６-11-20")]
    // outside what DateTime holds once in UTC
    [InlineData("0001-01-01T00:30:00+01:00")]
    [InlineData("9999-12-31T23:30:00-01:00")]
    public void Refuses_anything_else(string text)
    {
        Assert.False(IsoInstant.TryParse(text, out _));
    }
}
