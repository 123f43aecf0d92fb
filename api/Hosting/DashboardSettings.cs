using System.Text.Json.Serialization;

namespace OrleansTicks.Api.Hosting;

/// <summary>What the dashboard needs to know before its first call (<c>GET /dashboard/settings.json</c>).</summary>
/// <param name="ApiKeyRequired">True when <c>Auth:ApiKeys</c> is configured: every call but health needs a key.</param>
internal sealed record DashboardSettings([property: JsonPropertyName("apiKeyRequired")] bool ApiKeyRequired);
