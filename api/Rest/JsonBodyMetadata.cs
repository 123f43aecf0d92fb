using Microsoft.AspNetCore.Http.Metadata;

namespace OrleansTicks.Api.Rest;

/// <summary>Describes a JSON request body to OpenAPI without listing content types: <c>.Accepts&lt;T&gt;("application/json")</c>
/// would also make routing answer any other type with a bare 415 before the handler could say what is valid (the
/// content-type matcher applies only to endpoints whose accepts metadata lists types).</summary>
internal sealed class JsonBodyMetadata(Type requestType) : IAcceptsMetadata
{
    public IReadOnlyList<string> ContentTypes => [];

    public Type? RequestType { get; } = requestType;

    public bool IsOptional => false;
}
