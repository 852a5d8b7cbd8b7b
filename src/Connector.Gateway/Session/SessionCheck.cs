namespace Connector.Gateway.Session;

/// <summary>Why a session token was or wasn't accepted. Only <see cref="Valid"/> lets a tool run.</summary>
public enum SessionCheck
{
    Valid,
    Missing,
    Malformed,
    BadSignature,
    Expired,
    OtherUser,
}
