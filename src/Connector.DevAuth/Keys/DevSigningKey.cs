using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Connector.DevAuth.Keys;

/// <summary>
/// The dev sign-in service's RSA signing key. It is kept in one JWK file so tokens stay valid across
/// restarts, and so tests can load the same key to forge tokens the gateway must reject.
/// </summary>
public sealed class DevSigningKey
{
    private const string KeyFileName = "signing-key.json";
    private const string PreviousKeyFileName = "signing-key.previous.json";
    private const int KeySizeInBits = 2048;

    private DevSigningKey(RSAParameters privateKey)
    {
        var modulus = JwkInteger.Encode(privateKey.Modulus!);
        var exponent = JwkInteger.Encode(privateKey.Exponent!);
        KeyId = ComputeThumbprint(modulus, exponent);
        SigningKey = new RsaSecurityKey(privateKey) { KeyId = KeyId };
        PublicJwk = new JsonWebKey
        {
            Kty = JsonWebAlgorithmsKeyTypes.RSA,
            Use = JsonWebKeyUseNames.Sig,
            Alg = SecurityAlgorithms.RsaSha256,
            Kid = KeyId,
            N = modulus,
            E = exponent,
        };
        PrivateKey = privateKey;
    }

    /// <summary>The RFC 7638 thumbprint of the public key, so the same key always gets the same kid.</summary>
    public string KeyId { get; }

    /// <summary>The private key, with <see cref="KeyId"/> set so signed tokens carry it in their header.</summary>
    public RsaSecurityKey SigningKey { get; }

    /// <summary>The public half only (kty, use, alg, kid, n, e), as published at /jwks.json.</summary>
    public JsonWebKey PublicJwk { get; }

    private RSAParameters PrivateKey { get; }

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
        return File.Exists(path) ? Load(path) : null;
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
        StoreReplacing(PreviousKeyFilePath(directory), retiring);
        StoreReplacing(KeyFilePath(directory), created);
        return (created, retiring);
    }

    /// <summary>Loads the key kept in <paramref name="directory"/>, creating it there on first use.</summary>
    /// <exception cref="InvalidDataException">The key file exists but does not hold a usable RSA key.</exception>
    public static DevSigningKey LoadOrCreate(string directory)
    {
        var path = KeyFilePath(directory);
        if (File.Exists(path))
        {
            return Load(path);
        }

        var created = Generate();
        return TryStoreNew(path, created) ? created : Load(path);
    }

    private static DevSigningKey Generate()
    {
        using var rsa = RSA.Create(KeySizeInBits);
        return new DevSigningKey(rsa.ExportParameters(includePrivateParameters: true));
    }

    private static DevSigningKey Load(string path)
    {
        try
        {
            var stored = JsonSerializer.Deserialize(File.ReadAllText(path), SigningKeyFileJsonContext.Default.SigningKeyFile)
                ?? throw new InvalidDataException("the file holds no key.");
            var key = new DevSigningKey(ToRsaParameters(stored));
            if (stored.Kid is not null && stored.Kid != key.KeyId)
            {
                throw new InvalidDataException($"its kid \"{stored.Kid}\" is not the thumbprint of its key ({key.KeyId}).");
            }

            return key;
        }
        catch (Exception problem) when (problem is JsonException or InvalidDataException or CryptographicException)
        {
            throw new InvalidDataException(
                $"{path} is not a usable RSA signing key: {problem.Message} Delete the file to have a new key generated.",
                problem);
        }
    }

    private static RSAParameters ToRsaParameters(SigningKeyFile stored)
    {
        if (stored.Kty != JsonWebAlgorithmsKeyTypes.RSA)
        {
            throw new InvalidDataException($"its kty is \"{stored.Kty}\", not \"RSA\".");
        }

        var modulus = JwkInteger.Decode(stored.N, "n");
        if (modulus.Length * 8 < KeySizeInBits)
        {
            throw new InvalidDataException($"the key is shorter than {KeySizeInBits} bits.");
        }

        var halfLength = (modulus.Length + 1) / 2;
        var parameters = new RSAParameters
        {
            Modulus = modulus,
            Exponent = JwkInteger.Decode(stored.E, "e"),
            D = JwkInteger.DecodeToLength(stored.D, "d", modulus.Length),
            P = JwkInteger.DecodeToLength(stored.P, "p", halfLength),
            Q = JwkInteger.DecodeToLength(stored.Q, "q", halfLength),
            DP = JwkInteger.DecodeToLength(stored.Dp, "dp", halfLength),
            DQ = JwkInteger.DecodeToLength(stored.Dq, "dq", halfLength),
            InverseQ = JwkInteger.DecodeToLength(stored.Qi, "qi", halfLength),
        };

        // Importing checks that the parts belong together, so a damaged file fails here rather than at signing.
        using var rsa = RSA.Create();
        rsa.ImportParameters(parameters);
        return parameters;
    }

    /// <summary>
    /// Writes a complete temporary file and moves it into place, so a reader never sees half a key; when another
    /// process got there first, its key wins and this one is discarded.
    /// </summary>
    private static bool TryStoreNew(string path, DevSigningKey key) => StoreViaTemporaryFile(path, key, overwrite: false);

    private static void StoreReplacing(string path, DevSigningKey key) => StoreViaTemporaryFile(path, key, overwrite: true);

    /// <returns>False only without <paramref name="overwrite"/>, when a file already stood at <paramref name="path"/>.</returns>
    private static bool StoreViaTemporaryFile(string path, DevSigningKey key, bool overwrite)
    {
        var directory = Path.GetDirectoryName(path)!;
        CreateOwnerOnlyDirectory(directory);

        var temporaryPath = Path.Combine(directory, $"{KeyFileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporaryPath, OwnerOnlyNewFile()))
            {
                stream.Write(Encoding.UTF8.GetBytes(key.ToStoredJson()));
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporaryPath, path, overwrite);
                return true;
            }
            catch (IOException) when (!overwrite && File.Exists(path))
            {
                return false;
            }
        }
        finally
        {
            File.Delete(temporaryPath);
        }
    }

    private string ToStoredJson()
    {
        var stored = new SigningKeyFile(
            Kty: PublicJwk.Kty,
            N: PublicJwk.N,
            E: PublicJwk.E,
            D: JwkInteger.Encode(PrivateKey.D!),
            P: JwkInteger.Encode(PrivateKey.P!),
            Q: JwkInteger.Encode(PrivateKey.Q!),
            Dp: JwkInteger.Encode(PrivateKey.DP!),
            Dq: JwkInteger.Encode(PrivateKey.DQ!),
            Qi: JwkInteger.Encode(PrivateKey.InverseQ!),
            Kid: KeyId,
            Alg: PublicJwk.Alg,
            Use: PublicJwk.Use);
        return JsonSerializer.Serialize(stored, SigningKeyFileJsonContext.Default.SigningKeyFile) + "\n";
    }

    // RFC 7638: SHA-256 over the required members in lexicographic order with no whitespace.
    private static string ComputeThumbprint(string modulus, string exponent)
    {
        var canonical = $$"""{"e":"{{exponent}}","kty":"RSA","n":"{{modulus}}"}""";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static void CreateOwnerOnlyDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    // Set at creation rather than afterwards, so the private key is never readable by others, not even briefly.
    private static FileStreamOptions OwnerOnlyNewFile()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}
