using System.Security.Cryptography;
using Connector.DevAuth.Hosting;

namespace Connector.DevAuth.Keys;

/// <summary>
/// <c>dotnet run --project src/Connector.DevAuth -- rotate-key</c>: retires the current signing key and makes a
/// new one, without starting the web host. A running service notices the changed key file within a second.
/// </summary>
internal static class KeyRotationCommand
{
    public const string Name = "rotate-key";

    public static int Run(string[] args)
    {
        // The same sources the web host reads DEV_AUTH_KEY_DIR from, so the command rotates the keys the service uses.
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var directory = DevAuthSettings.ReadKeyDirectory(configuration);
        try
        {
            var (current, previous) = DevSigningKey.Rotate(directory);
            Console.WriteLine($"Rotated the dev sign-in key in {directory}.");
            Console.WriteLine($"current kid:  {current.KeyId} (signs new tokens)");
            Console.WriteLine($"previous kid: {previous.KeyId} (still published until the next rotation)");
            return 0;
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException or InvalidDataException or CryptographicException)
        {
            Console.Error.WriteLine($"The key in {directory} could not be rotated: {problem.Message}");
            return 1;
        }
    }
}
