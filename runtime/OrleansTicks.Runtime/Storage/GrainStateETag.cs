using System.Globalization;

namespace OrleansTicks.Runtime.Storage;

/// <summary>The ETag every provider uses: the record's version number in invariant decimal, starting at 1 when a
/// record is first inserted and incremented by every write and every clear. A clear keeps a tombstone with the
/// incremented version instead of removing the record, so a key's versions only ever grow and an ETag is never
/// handed out twice.</summary>
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
