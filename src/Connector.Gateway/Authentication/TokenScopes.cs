using System.Security.Claims;

namespace Connector.Gateway.Authentication;

/// <summary>The scopes a verified token grants: its space-separated <c>scope</c> claim, or <c>scp</c> entries.</summary>
internal static class TokenScopes
{
    public static bool GrantsAll(ClaimsPrincipal user, IReadOnlyList<string> required)
    {
        if (required.Count == 0)
        {
            return true;
        }

        var granted = user.FindAll("scope").Concat(user.FindAll("scp"))
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
        return required.All(granted.Contains);
    }
}
