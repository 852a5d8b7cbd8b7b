namespace Connector.Gateway.Tools;

/// <summary>
/// Who a gated tool (<c>domain_*</c>, <c>user_*</c>) is serving: the verified <c>sub</c> of the bearer token, after the
/// skeleton has checked the call's session token against it. A gated tool takes one as a parameter (named <c>_</c>
/// when it doesn't need the id); the skeleton binds it, so no tool ever sees the session token or an id an argument
/// could choose.
/// </summary>
public sealed class VerifiedUser
{
    internal VerifiedUser(string id) => Id = id;

    /// <summary>The verified subject: the key of this user's row and state.</summary>
    public string Id { get; }
}

/// <summary>The request's verified user, set by <see cref="ToolCallGuard"/> before a gated tool runs.</summary>
internal sealed class VerifiedUserSlot
{
    public VerifiedUser? User { get; set; }
}
