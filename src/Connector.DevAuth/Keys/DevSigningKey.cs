using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Connector.DevAuth.Keys;

/// <summary>
/// The dev sign-in service's RSA signing key. It is kept in one JWK file so tokens stay valid across
/// restarts, and so tests can load the same key to forge tokens the gateway must reject.
/// </summary>
public sealed class DevSigningKey
{
    internal const int KeySizeInBits = 2048;
    private const string KeyFileName = "signing-key.json";
    private const string PreviousKeyFileName = "signing-key.previous.json";

    internal DevSigningKey(RSAParameters privateKey)
    {
        SigningKey = new RsaSecurityKey(privateKey);
        KeyId = Base64UrlEncoder.Encode(SigningKey.ComputeJwkThumbprint());
        SigningKey.KeyId = KeyId;
        PublicJwk = Describe(new RsaSecurityKey(new RSAParameters { Modulus = privateKey.Modulus, Exponent = privateKey.Exponent }) { KeyId = KeyId });
    }

    /// <summary>The RFC 7638 thumbprint of the public key, so the same key always gets the same kid.</summary>
    public string KeyId { get; }

    /// <summary>The private key, with <see cref="KeyId"/> set so signed tokens carry it in their header.</summary>
    public RsaSecurityKey SigningKey { get; }

    /// <summary>The public half only (kty, use, alg, kid, n, e), as published at /jwks.json.</summary>
    public JsonWebKey PublicJwk { get; }

    /// <summary>The whole key, private members included, as kept in its file.</summary>
    internal JsonWebKey PrivateJwk => Describe(SigningKey);

    public static string KeyFilePath(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return Path.Combine(Path.GetFullPath(directory), KeyFileName);
    }

    /// <summary>Where the key retired by the last rotation is kept; it is still published so its tokens stay valid.</summary>
    public static string PreviousKeyFilePath(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return Path.Combine(Path.GetFullPath(directory), PreviousKeyFileName);
    }

    /// <summary>The key retired by the last rotation, or null before the first one.</summary>
    /// <exception cref="InvalidDataException">The file exists but does not hold a usable RSA key.</exception>
    public static DevSigningKey? LoadPrevious(string directory)
    {
        var path = PreviousKeyFilePath(directory);
        return File.Exists(path) ? SigningKeyFile.Read(path) : null;
    }

    /// <summary>
    /// Retires the current key to the previous slot (dropping the one there) and puts a new key in its place.
    /// The current file is replaced by a rename, never deleted first, so a running service never finds it missing.
    /// </summary>
    /// <returns>The new current key and the key it replaced.</returns>
    public static (DevSigningKey Current, DevSigningKey Previous) Rotate(string directory)
    {
        var retiring = LoadOrCreate(directory);
        var created = Generate();
        SigningKeyFile.Replace(PreviousKeyFilePath(directory), retiring);
        SigningKeyFile.Replace(KeyFilePath(directory), created);
        return (created, retiring);
    }

    /// <summary>Loads the key kept in <paramref name="directory"/>, creating it there on first use.</summary>
    /// <exception cref="InvalidDataException">The key file exists but does not hold a usable RSA key.</exception>
    public static DevSigningKey LoadOrCreate(string directory)
    {
        var path = KeyFilePath(directory);
        if (File.Exists(path))
        {
            return SigningKeyFile.Read(path);
        }

        // When another process got there first, its key wins and this one is discarded.
        var created = Generate();
        return SigningKeyFile.TryWriteNew(path, created) ? created : SigningKeyFile.Read(path);
    }

    private static DevSigningKey Generate()
    {
        using var rsa = RSA.Create(KeySizeInBits);
        return new DevSigningKey(rsa.ExportParameters(includePrivateParameters: true));
    }

    private static JsonWebKey Describe(RsaSecurityKey key)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
        jwk.Use = JsonWebKeyUseNames.Sig;
        jwk.Alg = SecurityAlgorithms.RsaSha256;
        return jwk;
    }
}
