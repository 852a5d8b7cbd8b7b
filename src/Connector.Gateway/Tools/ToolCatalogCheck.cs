using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Server;

namespace Connector.Gateway.Tools;

/// <summary>
/// Checks every tool's name at start (<see cref="ToolNameRules"/>), so a bad front door or tool name stops start-up
/// instead of hiding the connector in a host. A hosted service, so it runs after the settings are validated: making
/// the tools builds the app's services, which may need them.
/// </summary>
internal sealed class ToolCatalogCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ToolNameRules.EnsureAllFit(
            services.GetServices<McpServerTool>().Select(t => t.ProtocolTool.Name),
            services.GetRequiredService<AppBriefing>().FrontDoor);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
