using Connector.Gateway.Authentication;
using Connector.Gateway.Content;
using Connector.Gateway.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Hosting;

public static class ConnectorGatewayHost
{
    /// <summary>
    /// Runs the app; a configuration mistake ends it with the variable named on stderr and exit code 2 (an unreachable
    /// store: 3; a missing or unreadable content file: 4, naming it), instead of a stack trace a new user has to read
    /// backwards. With <c>--write-skill &lt;path&gt;</c> on the command line it writes the app's Skill there instead
    /// and exits, starting nothing.
    /// </summary>
    public static async Task<int> RunConnectorGatewayAsync(this WebApplication app)
    {
        try
        {
            if (AppContentLoading.FailureOf(app) is { } contentFailure)
            {
                return await ContentCantBeReadAsync(contentFailure);
            }

            // The process's own command line, not configuration: a setting can't turn a server into a one-shot command.
            if (SkillCommand.IsRequested(Environment.GetCommandLineArgs(), out var skillTarget))
            {
                await using (app)
                {
                    return await SkillCommand.RunAsync(app, skillTarget);
                }
            }

            WarnIfAuthDisabled(app);
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("The server can't start because of its configuration:");
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync("  - " + failure);
            }

            await Console.Error.WriteLineAsync("See .env.example for every setting.");
            return 2;
        }
        catch (AppContentException ex)
        {
            return await ContentCantBeReadAsync(ex);
        }
        catch (StoreUnavailableException)
        {
            // Refuse to boot: a gateway without its memory could only fail every user later.
            await Console.Error.WriteLineAsync("The server can't start: its state store (DATABASE_URL or SQLITE_PATH) can't be reached or opened. Check the database is running and the value is right.");
            return 3;
        }
    }

    /// <summary>The app's own files: a person fixes the file, not the environment.</summary>
    private static async Task<int> ContentCantBeReadAsync(AppContentException failure)
    {
        await Console.Error.WriteLineAsync("The server can't start: " + failure.Message);
        return 4;
    }

    private static void WarnIfAuthDisabled(WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ResourceServerOptions>>().Value.AuthDisabled)
        {
            app.Logger.LogWarning("AUTH_DISABLED=1: sign-in is OFF. Every caller is the same stand-in user and nothing saved is private. Demo use only.");
        }
    }
}
