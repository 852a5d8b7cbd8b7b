using System.Security.Claims;

namespace Connector.Gateway.Authentication;

/// <summary>The outcome of checking one bearer token: a verified principal, or why not (for the log only).</summary>
internal readonly record struct TokenCheck(ClaimsPrincipal? Principal, string? FailureReason, DateTimeOffset ValidTo)
{
    public static TokenCheck Valid(ClaimsPrincipal principal, DateTimeOffset validTo) => new(principal, null, validTo);

    public static TokenCheck Invalid(string reason) => new(null, reason, default);
}
