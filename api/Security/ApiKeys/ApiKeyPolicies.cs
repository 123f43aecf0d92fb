namespace OrleansTicks.Api.Security.ApiKeys;

/// <summary>The authentication scheme and authorization policies endpoints and hubs refer to. Every endpoint
/// requires <see cref="Read"/> unless it says otherwise (the fallback policy); regeneration requires
/// <see cref="Admin"/>: <c>.RequireAuthorization(ApiKeyPolicies.Admin)</c> on an endpoint,
/// <c>[Authorize(Policy = ApiKeyPolicies.Admin)]</c> on a hub method. Open endpoints say
/// <c>.AllowAnonymous()</c> (health; the dashboard's static files should too).</summary>
public static class ApiKeyPolicies
{
    /// <summary>The authentication scheme's name.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>The header a key travels in.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>The query parameter a key travels in (Finnhub's WebSocket clients use it).</summary>
    public const string QueryName = "token";

    /// <summary>The query parameter SignalR clients put their access token in on WebSocket requests.</summary>
    public const string SignalRQueryName = "access_token";

    /// <summary>Read access: a key with role <c>read</c> or <c>admin</c>.</summary>
    public const string Read = "read";

    /// <summary>Everything, regeneration included: a key with role <c>admin</c>.</summary>
    public const string Admin = "admin";
}
