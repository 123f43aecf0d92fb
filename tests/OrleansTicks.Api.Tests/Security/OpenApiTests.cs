using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansTicks.Api.Tests.Security;

[Collection(QuietApiCollection.Name)]
public sealed class OpenApiTests(QuietApiFixture quiet)
{
    [Fact]
    public async Task Document_lists_metrics_and_every_mapped_api_endpoint()
    {
        var factory = quiet.Factory;
        using var client = factory.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var apiRoutes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("/api/", StringComparison.Ordinal))
            .ToList();

        Assert.Equal("3.1.1", document.GetProperty("openapi").GetString());
        Assert.Contains("/metrics", paths);
        Assert.All(apiRoutes, route => Assert.Contains(route, paths));
        Assert.False(document.TryGetProperty("components", out var components) && components.TryGetProperty("securitySchemes", out _),
            "no security scheme without keys");
    }

    [Fact]
    public async Task Swagger_ui_answers_and_points_at_the_document()
    {
        var factory = quiet.Factory;
        using var client = factory.CreateClient();

        using var page = await client.GetAsync("/swagger/index.html");
        var html = await page.Content.ReadAsStringAsync();
        var config = html.Contains("/openapi/v1.json", StringComparison.Ordinal) ? html : await client.GetStringAsync("/swagger/index.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("swagger-ui", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/openapi/v1.json", config, StringComparison.Ordinal);
    }
}
