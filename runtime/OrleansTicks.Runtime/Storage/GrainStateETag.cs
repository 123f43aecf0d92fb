using System.Globalization;

namespace OrleansTicks.Runtime.Storage;

/// <summary>The ETag every provider uses: the record's version number in invariant decimal, starting at 1 when a
/// record is inserted and incremented by every write.</summary>
internal static class GrainStateETag
{
    /// <summary>The version of a newly inserted record.</summary>
    public const long InitialVersion = 1;

    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses an ETag this family of providers wrote. Anything else (signs, blanks, another provider's
    /// format) is not a version and can never match a stored record.</summary>
    public static bool TryParse(string etag, out long version) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version >= InitialVersion;
}
