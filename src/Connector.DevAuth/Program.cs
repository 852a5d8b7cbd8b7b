using System.Reflection;
using Connector.DevAuth.Endpoints;
using Connector.DevAuth.Hosting;
using Connector.DevAuth.Keys;

namespace Connector.DevAuth;

// A named class instead of top-level statements: the test project references two web apps,
// and a second global `Program` type would clash there.
internal static class DevAuthProgram
{
    public static int Main(string[] args)
    {
        if (args is [KeyRotationCommand.Name, ..])
        {
            return KeyRotationCommand.Run(args[1..]);
        }

        try
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.AddDevAuth();

            var app = builder.Build();
            app.PrepareDevAuth();
            app.UseJsonErrors();

            app.MapHomeEndpoints();
            app.MapMetadataEndpoints();
            app.MapJwksEndpoints();
            app.MapRegistrationEndpoints();
            app.MapAuthorizeEndpoints();
            app.MapTokenEndpoints();
            app.MapTryEndpoints();

            app.Run();
            return 0;
        }
        catch (StartupRefusedException refused) when (IsOwnProcess())
        {
            Console.Error.WriteLine($"Connector.DevAuth did not start: {refused.Message}");
            return 1;
        }
    }

    // Under WebApplicationFactory the exception must reach the test unchanged; only a real run gets the short message.
    private static bool IsOwnProcess() => Assembly.GetEntryAssembly() == typeof(DevAuthProgram).Assembly;
}
