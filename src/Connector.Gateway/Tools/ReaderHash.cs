using System.Security.Cryptography;
using System.Text;

namespace Connector.Gateway.Tools;

/// <summary>A short, stable stand-in for a reader id in logs: enough to follow one reader, useless to identify them.</summary>
internal static class ReaderHash
{
    public static string Of(string? subject) =>
        subject is null ? "-" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("log:" + subject)).AsSpan(0, 6));
}
