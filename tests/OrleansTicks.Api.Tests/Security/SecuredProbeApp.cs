using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using OrleansTicks.Api.Security.ApiKeys;

namespace OrleansTicks.Api.Tests.Security;

/// <summary>The security module as the REST endpoints and the hub use it, on a host of its own with two probe
/// endpoints (the regeneration endpoints live in api/Rest and api/Live): <c>POST /api/echo</c> (read, echoes the
/// body's length) and <c>POST /api/admin</c> (admin only).</summary>
internal static class SecuredProbeApp
{
    public static async Task<WebApplication> StartAsync(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.Services.AddProblemDetails();
        builder.AddTicksSecurity();
        var app = builder.Build();
        app.UseTicksSecurity();
        app.MapPost("/api/echo", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            return Results.Ok(new { length = body.Length });
        });
        app.MapPost("/api/admin", () => Results.Ok()).RequireAuthorization(ApiKeyPolicies.Admin);
        await app.StartAsync();
        return app;
    }
}
