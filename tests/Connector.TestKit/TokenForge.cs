using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.TestKit;

/// <summary>Hand-made tokens for the rejection tests: each bends exactly one thing a valid token gets right.</summary>
public static class TokenForge
{
    private static readonly JsonWebTokenHandler s_handler = new();

    /// <summary>The claims a valid token for this gateway carries; tests change one.</summary>
    public static Dictionary<string, object> Claims(string issuer, string audience, string subject, DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        return new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = subject,
            ["iat"] = at.ToUnixTimeSeconds(),
            ["nbf"] = at.ToUnixTimeSeconds(),
            ["exp"] = at.AddHours(1).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
    }

    /// <summary>Signs the claims exactly as given (no defaults added) with an RSA key.</summary>
    public static string SignRs256(IDictionary<string, object> claims, RsaSecurityKey key) => SignRs256(claims, key, new Dictionary<string, object>());

    /// <summary>Signs the claims exactly as given, with these entries added to the header (e.g. <c>crit</c>).</summary>
    public static string SignRs256(IDictionary<string, object> claims, RsaSecurityKey key, IDictionary<string, object> extraHeader)
    {
        var header = new Dictionary<string, object>(extraHeader) { ["alg"] = "RS256", ["typ"] = "JWT" };
        if (key.KeyId is not null)
        {
            header["kid"] = key.KeyId;
        }

        var signingInput = Encode(header) + "." + Encode(claims);
        using var rsa = RSA.Create();
        rsa.ImportParameters(key.Parameters.D is not null ? key.Parameters : key.Rsa!.ExportParameters(true));
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var token = signingInput + "." + Base64Url.EncodeToString(signature);
        LogWitness.Remember(token);
        return token;
    }

    /// <summary>Signs with the library's own handler, for a token shaped exactly like a library-made one.</summary>
    public static string Sign(IDictionary<string, object> claims, SigningCredentials credentials) =>
        s_handler.CreateToken(JsonSerializer.Serialize(claims), credentials);

    /// <summary>An unsigned token (<c>alg: none</c>).</summary>
    public static string WithAlgNone(IDictionary<string, object> claims) =>
        Encode(new Dictionary<string, object> { ["alg"] = "none", ["typ"] = "JWT" }) + "." + Encode(claims) + ".";

    /// <summary>HS256 keyed with the issuer's public key bytes: the classic algorithm-confusion forgery.</summary>
    public static string Hs256WithPublicKey(IDictionary<string, object> claims, byte[] publicKeyBytes, string? keyId)
    {
        var header = new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" };
        if (keyId is not null)
        {
            header["kid"] = keyId;
        }

        var signingInput = Encode(header) + "." + Encode(claims);
        var signature = HMACSHA256.HashData(publicKeyBytes, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>A fresh RSA key the issuer never published.</summary>
    public static RsaSecurityKey StrangerKey(string? keyId) => new(RSA.Create(2048)) { KeyId = keyId };

    private static string Encode(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));
}
