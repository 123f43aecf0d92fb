using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace OrleansTicks.Api.Security.ApiKeys;

/// <summary>The caller's key has one of <see cref="Roles"/>; always met when no keys are configured. Met here
/// rather than by authenticating everyone as an admin when keys are off: an anonymous request stays anonymous, so
/// the output cache (which skips authenticated requests) still serves history answers.</summary>
internal sealed class ApiKeyRoleRequirement(params string[] roles) : IAuthorizationRequirement
{
    public IReadOnlyList<string> Roles { get; } = roles;
}

/// <summary>Checks <see cref="ApiKeyRoleRequirement"/>.</summary>
internal sealed class ApiKeyRoleHandler(ApiKeyStore keys) : AuthorizationHandler<ApiKeyRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiKeyRoleRequirement requirement)
    {
        if (!keys.Enabled || requirement.Roles.Any(role => context.User.HasClaim(ClaimTypes.Role, role)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
