namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>Instants written as ISO-8601 (the RFC 3339 profile), parsed strictly. <c>DateTimeOffset.TryParse</c> is
/// not used for these because it guesses: it reads <c>1.5</c> and <c>1/5</c> as the 5th of January of the current
/// year and <c>12:00</c> as noon today, so a query meant as something else would silently answer another range.</summary>
/// <remarks>Accepted: <c>yyyy-MM-dd</c> (midnight) and <c>yyyy-MM-ddTHH:mm[:ss[.fraction]]</c> followed by <c>Z</c>, an
/// offset <c>±HH:mm</c>, <c>±HHmm</c> or <c>±HH</c> (at most 14 hours), or nothing, which means UTC. The <c>T</c> may
/// be a space (RFC 3339 allows it "for readability"); <c>T</c> and <c>Z</c> may be lower case. A fraction has 1 to 9
/// digits; digits past the seventh (100 ns, what <see cref="DateTime"/> holds) are dropped. Not accepted: a leap second
/// (<c>:60</c>), <c>24:00</c>, week and ordinal dates, and the basic format without separators.</remarks>
public static class IsoInstant
{
    private const int MaxOffsetMinutes = 14 * 60;

    /// <summary>The instant as UTC, or false when <paramref name="text"/> is not one of the accepted forms or names a
    /// date that does not exist or lies outside what <see cref="DateTime"/> holds once converted to UTC.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime utc)
    {
        utc = default;
        if (text.Length < 10 || !Digits(text, 0, 4, out var year) || text[4] != '-' || !Digits(text, 5, 2, out var month)
            || text[7] != '-' || !Digits(text, 8, 2, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);
        if (text.Length == 10)
        {
            utc = date;
            return true;
        }

        if (text[10] is not ('T' or 't' or ' ') || text.Length < 16 || !Digits(text, 11, 2, out var hour) || text[13] != ':'
            || !Digits(text, 14, 2, out var minute) || hour > 23 || minute > 59)
        {
            return false;
        }

        var at = 16;
        var second = 0;
        long fractionTicks = 0;
        if (at < text.Length && text[at] == ':')
        {
            if (!Digits(text, at + 1, 2, out second) || second > 59)
            {
                return false;
            }

            at += 3;
            if (at < text.Length && text[at] == '.')
            {
                var digits = 0;
                long scale = TimeSpan.TicksPerSecond;
                for (at++; at < text.Length && char.IsAsciiDigit(text[at]); at++, digits++)
                {
                    scale /= 10;
                    fractionTicks += (text[at] - '0') * scale;
                }

                if (digits is 0 or > 9)
                {
                    return false;
                }
            }
        }

        if (!TryParseOffset(text[at..], out var offsetMinutes))
        {
            return false;
        }

        var local = date.Ticks + new TimeSpan(hour, minute, second).Ticks + fractionTicks;
        var ticks = local - offsetMinutes * TimeSpan.TicksPerMinute;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        utc = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    /// <summary>Nothing (UTC), <c>Z</c>, or <c>±HH[[:]mm]</c>, as minutes east of UTC.</summary>
    private static bool TryParseOffset(ReadOnlySpan<char> zone, out int minutes)
    {
        minutes = 0;
        if (zone.IsEmpty || zone is "Z" or "z")
        {
            return true;
        }

        if (zone[0] is not ('+' or '-') || !Digits(zone, 1, 2, out var hours))
        {
            return false;
        }

        var offsetMinutes = 0;
        var valid = zone.Length switch
        {
            3 => true,
            5 => Digits(zone, 3, 2, out offsetMinutes),
            6 => zone[3] == ':' && Digits(zone, 4, 2, out offsetMinutes),
            _ => false,
        };
        minutes = hours * 60 + offsetMinutes;
        if (!valid || offsetMinutes > 59 || minutes > MaxOffsetMinutes)
        {
            return false;
        }

        minutes = zone[0] == '-' ? -minutes : minutes;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
        {
            return false;
        }

        foreach (var c in text.Slice(start, count))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
    }
}
