using System.Security.Claims;
using Connector.Gateway.Authentication;
using Connector.Gateway.Session;

namespace Connector.Gateway.Tools;

/// <summary>
/// The front door every <c>domain_*</c> and <c>user_*</c> tool passes through: the user is the verified
/// bearer's <c>sub</c>, and the session token must have been minted for that same user.
/// </summary>
internal sealed class SessionGate(SessionTokenService sessions, AppBriefing briefing)
{
    /// <summary>The name every gated tool gives its session-token parameter.</summary>
    public const string ArgumentName = "session";

    /// <summary>Returns the verified user id, or throws a <see cref="ToolRefusal"/> telling the AI what to do.</summary>
    public string RequireUser(ClaimsPrincipal user, string? session)
    {
        var subject = VerifiedSubject(user);
        var check = sessions.Check(session, subject);
        return check == SessionCheck.Valid ? subject : throw Refusals.Session(check, briefing.FrontDoor);
    }

    /// <summary>The verified <c>sub</c> of the caller; never anything a tool argument said.</summary>
    public static string VerifiedSubject(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.FindFirst(BearerTokenDefaults.SubjectClaim)?.Value is { Length: > 0 } subject
            ? subject
            : throw Refusals.NotSignedIn();
}
