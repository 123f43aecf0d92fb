namespace OrleansTicks.Api.Security.ApiKeys;

/// <summary>Section <c>Auth</c>: the API keys clients must send. No keys: everything is open (a development box, a
/// private network). Example, as environment variables:
/// <code>
/// Auth__ApiKeys__0__Name=dashboard  Auth__ApiKeys__0__Key=...  Auth__ApiKeys__0__Role=read
/// Auth__ApiKeys__1__Name=ops        Auth__ApiKeys__1__Key=...  Auth__ApiKeys__1__Role=admin
/// </code></summary>
public sealed class ApiKeyOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Auth";

    /// <summary>The accepted keys; empty turns authentication off.</summary>
    public IList<ApiKeyEntry> ApiKeys { get; } = [];
}

/// <summary>One accepted key.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>Shortest key accepted, so that a key cannot be guessed in the time rate limiting allows.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>Who holds the key, for logs and as the rate-limit partition (the key itself is never logged).
    /// Default: <c>key-N</c> with N its position.</summary>
    public string? Name { get; set; }

    /// <summary>The secret, at least <see cref="MinimumKeyLength"/> characters.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary><c>read</c> (every endpoint but regeneration) or <c>admin</c> (everything).</summary>
    public string Role { get; set; } = ApiKeyPolicies.Read;
}
