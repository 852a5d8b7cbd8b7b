using System.Security.Cryptography;
using System.Text;

namespace Connector.Gateway.Tools;

/// <summary>A short, stable stand-in for a user id in logs: enough to follow one user, useless to identify them.</summary>
internal static class UserHash
{
    public static string Of(string? subject) =>
        subject is null ? "-" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("log:" + subject)).AsSpan(0, 6));
}
