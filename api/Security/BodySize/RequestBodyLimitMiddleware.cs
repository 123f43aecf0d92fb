using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace OrleansTicks.Api.Security.BodySize;

/// <summary>Answers 413 problem details to an <c>/api</c> request whose body is larger than
/// <c>Api:MaxRequestBodyBytes</c>. A declared length is checked before anything is read; a chunked body (no
/// length) is read up to the limit into memory, which the limit keeps small. Doing it here rather than with
/// Kestrel's limit alone means the endpoint never sees a half-read body and the answer is a problem, not a reset.</summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<RequestBodyLimitOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBodyBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }
            || (request.ContentLength is null && !request.Headers.ContainsKey(HeaderNames.TransferEncoding)))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (request.ContentLength is { } length)
        {
            if (length > _limit)
            {
                await TooLargeAsync(context).ConfigureAwait(false);
                return;
            }
        }
        else if (!await BufferChunkedBodyAsync(context).ConfigureAwait(false))
        {
            await TooLargeAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private async Task<bool> BufferChunkedBodyAsync(HttpContext context)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _limit)
            {
                return false;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        context.Request.Body = buffer;
        context.Response.RegisterForDispose(buffer);
        return true;
    }

    private Task TooLargeAsync(HttpContext context) =>
        SecurityProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Body too large",
            string.Create(CultureInfo.InvariantCulture, $"The body is larger than {_limit:N0} bytes (Api:MaxRequestBodyBytes)."),
            string.Create(CultureInfo.InvariantCulture, $"a body of at most {_limit:N0} bytes"));
}
