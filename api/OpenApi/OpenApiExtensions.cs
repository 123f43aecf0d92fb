using Microsoft.OpenApi;
using OrleansTicks.Api.Security.ApiKeys;

namespace Microsoft.Extensions.Hosting;

/// <summary>The OpenAPI document (<c>/openapi/v1.json</c>) and a Swagger UI over it (<c>/swagger</c>). Both stay
/// open when API keys are on: they describe the API, hold no data, and a person needs the UI to enter a key. When
/// keys are on, the document declares the <c>X-Api-Key</c> scheme and requires it.</summary>
public static class OpenApiExtensions
{
    /// <summary>Where the document is served.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Where the Swagger UI is served.</summary>
    public const string SwaggerUiPath = "/swagger";

    /// <summary>Registers the document generator.</summary>
    public static TBuilder AddTicksOpenApi<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, context, _) =>
            {
                document.Info.Title = "OrleansTicks API";
                document.Info.Description = "Market data: history, quotes, symbols, analytics, metrics and regeneration. "
                    + "Live updates are on the SignalR hub /hubs/ticks.";
                if (context.ApplicationServices.GetRequiredService<ApiKeyStore>().Enabled)
                {
                    DeclareApiKey(document);
                }

                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>Maps the document and the Swagger UI. Call it before <c>UseTicksSecurity</c>: the UI is middleware,
    /// and only what runs before the authorization middleware is open.</summary>
    public static TApp MapTicksOpenApi<TApp>(this TApp app)
        where TApp : IEndpointRouteBuilder, IApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi(DocumentPath).AllowAnonymous().DisableRateLimiting();
        // Only requests for the UI reach its middleware: it matches every path it sees against regular expressions,
        // which under REST load was about 1 % of the server's CPU for requests that are never its own.
        app.UseWhen(static context => context.Request.Path.StartsWithSegments(SwaggerUiPath), ui => ui.UseSwaggerUI(options =>
        {
            options.RoutePrefix = SwaggerUiPath[1..];
            options.DocumentTitle = "OrleansTicks API";
            options.SwaggerEndpoint(DocumentPath, "OrleansTicks API v1");
        }));
        return app;
    }

    private static void DeclareApiKey(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyPolicies.Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyPolicies.HeaderName,
            Description = $"An API key from Auth:ApiKeys (role read or admin; regeneration needs admin). Also accepted as the '{ApiKeyPolicies.QueryName}' query parameter.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyPolicies.Scheme, document)] = [] });
    }
}
