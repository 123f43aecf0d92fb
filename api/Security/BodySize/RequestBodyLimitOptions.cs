using System.ComponentModel.DataAnnotations;

namespace OrleansTicks.Api.Security.BodySize;

/// <summary>Section <c>Api</c>: the largest request body the REST endpoints under <c>/api</c> accept. Their bodies
/// are small JSON objects (a regeneration request is about 100 bytes), so anything large is a mistake or an
/// attack.</summary>
public sealed class RequestBodyLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Api";

    /// <summary>Bytes; default 16 KiB.</summary>
    [Range(1, 1_073_741_824)]
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024;
}
