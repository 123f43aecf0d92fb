using Microsoft.AspNetCore.Mvc;

namespace OrleansTicks.Api.Security;

/// <summary>Writes the 4xx answers of the security middleware as RFC 9457 problem details, through the host's
/// <see cref="IProblemDetailsService"/> so that they look like every other error of the API.</summary>
internal static class SecurityProblems
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, string? valid = null)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = context.Request.Path };
        if (valid is not null)
        {
            problem.Extensions["valid"] = valid; // what would have been accepted, as the REST problems say it
        }

        var service = context.RequestServices.GetService<IProblemDetailsService>();
        if (service is null || !await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            // No writer accepted it (an Accept header that excludes JSON): the problem is still JSON.
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted).ConfigureAwait(false);
        }
    }
}
