using Connector.Gateway.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Gateway.Content;

/// <summary>
/// Reads all of an app's content (what it added with <c>AddAppContent</c>, and its rules and persona) before anything
/// is served. MapConnectorGateway does it first, since the MCP host builds the tools, and so their content, when it is
/// mapped; a file that can't be read is kept here and reported by RunConnectorGatewayAsync (exit code 4).
/// </summary>
internal static class AppContentLoading
{
    private const string FailureKey = "Connector.Gateway.AppContentFailure";

    /// <summary>Loads everything; false (the failure kept on the app) when a content file is missing or unreadable.</summary>
    public static bool TryLoadAll(WebApplication app)
    {
        try
        {
            _ = app.Services.GetRequiredService<IConnectorApp>();
            foreach (var content in app.Services.GetServices<AppContentRegistration>())
            {
                _ = app.Services.GetRequiredService(content.ContentType);
            }

            return true;
        }
        catch (AppContentException ex)
        {
            ((IApplicationBuilder)app).Properties[FailureKey] = ex;
            return false;
        }
    }

    public static AppContentException? FailureOf(WebApplication app) =>
        ((IApplicationBuilder)app).Properties.TryGetValue(FailureKey, out var failure) ? failure as AppContentException : null;
}

/// <summary>One type of content an app added with <c>AddAppContent</c>.</summary>
internal sealed record AppContentRegistration(Type ContentType);
