using Microsoft.Extensions.Hosting;

namespace Connector.Gateway.State;

/// <summary>
/// Creates or migrates the tables before the server takes requests. If the store can't be opened at
/// start, the gateway refuses to boot: a server that comes up without its memory would only fail later.
/// </summary>
internal sealed class StateStoreInitializer(IStateStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
