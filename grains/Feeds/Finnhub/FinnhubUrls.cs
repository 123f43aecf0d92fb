using System.Text.RegularExpressions;

namespace OrleansTicks.Grains.Feeds.Finnhub;

/// <summary>Finnhub's addresses carry the API token in the query (<c>token=</c>): adding it, and hiding it from logs
/// and the status.</summary>
internal static partial class FinnhubUrls
{
    /// <summary><paramref name="url"/> with <c>token=<paramref name="token"/></c> added, unless the token is empty or the
    /// address already has a <c>token</c> parameter.</summary>
    public static Uri WithToken(Uri url, string? token)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (string.IsNullOrEmpty(token) || TokenParameter().IsMatch(url.Query))
        {
            return url;
        }

        var builder = new UriBuilder(url);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length == 0 ? string.Empty : query + "&") + "token=" + Uri.EscapeDataString(token);
        return builder.Uri;
    }

    /// <summary><paramref name="url"/> as text with the token's value replaced by <c>***</c>.</summary>
    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return TokenValue().Replace(url.AbsoluteUri, "$1***");
    }

    [GeneratedRegex("(?:^|[?&])token=", RegexOptions.IgnoreCase)]
    private static partial Regex TokenParameter();

    [GeneratedRegex("([?&]token=)[^&#]*", RegexOptions.IgnoreCase)]
    private static partial Regex TokenValue();
}
