using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connector.DevAuth.Protocol;
using Microsoft.IdentityModel.Tokens;

namespace Connector.DevAuth.Keys;

/// <summary>
/// One signing key as a private JWK file (RFC 7517, RFC 7518 section 6.3). It is written to a temporary file and
/// moved into place, so a reader never sees half a key, and only its owner can ever read it.
/// </summary>
internal static class SigningKeyFile
{
    /// <exception cref="InvalidDataException">The file does not hold a usable RSA key.</exception>
    public static DevSigningKey Read(string path)
    {
        try
        {
            var stored = Parse(File.ReadAllText(path));
            var key = new DevSigningKey(JwkRsaParameters.From(stored));
            if (stored.Kid is not null && stored.Kid != key.KeyId)
            {
                throw new InvalidDataException($"its kid \"{stored.Kid}\" is not the thumbprint of its key ({key.KeyId}).");
            }

            return key;
        }
        catch (Exception problem) when (problem is InvalidDataException or CryptographicException)
        {
            throw new InvalidDataException(
                $"{path} is not a usable RSA signing key: {problem.Message} Delete the file to have a new key generated.",
                problem);
        }
    }

    /// <returns>False when a file already stood at <paramref name="path"/>; it is left as it was.</returns>
    public static bool TryWriteNew(string path, DevSigningKey key) => WriteViaTemporaryFile(path, key, overwrite: false);

    public static void Replace(string path, DevSigningKey key) => WriteViaTemporaryFile(path, key, overwrite: true);

    private static JsonWebKey Parse(string json)
    {
        try
        {
            return JsonWebKey.Create(json);
        }
        catch (ArgumentException notAKey)
        {
            // Not IdentityModel's message: it would quote the file, private key and all, whenever PII logging is on.
            throw new InvalidDataException("the file is not a JSON web key.", notAKey);
        }
    }

    /// <returns>False only without <paramref name="overwrite"/>, when a file already stood at <paramref name="path"/>.</returns>
    private static bool WriteViaTemporaryFile(string path, DevSigningKey key, bool overwrite)
    {
        var directory = Path.GetDirectoryName(path)!;
        CreateOwnerOnlyDirectory(directory);

        var temporaryPath = Path.Combine(directory, $"{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporaryPath, OwnerOnlyNewFile()))
            {
                stream.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(key.PrivateJwk, JsonWebKeyJson.KeyFile) + "\n"));
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
