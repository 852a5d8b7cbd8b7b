using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Authentication;

/// <summary>The token must grant every scope in AUTH_SCOPES; when it doesn't, the caller gets 403 insufficient_scope.</summary>
internal sealed class RequiredScopesRequirement : IAuthorizationRequirement;

internal sealed class RequiredScopesHandler(IOptions<ResourceServerOptions> options) : AuthorizationHandler<RequiredScopesRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RequiredScopesRequirement requirement)
    {
        if (TokenScopes.GrantsAll(context.User, options.Value.RequiredScopes))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
