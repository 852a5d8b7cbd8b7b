using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connector.Gateway.Search;

/// <summary>
/// Starts every search tool's first index at start-up, in the background: the app answers before it is built. At stop
/// it lets a build in progress finish (briefly), so nothing is still reading the model when the services are disposed.
/// </summary>
internal sealed class SearchIndexing(IEnumerable<SearchService> searches) : IHostedService
{
    private static readonly TimeSpan s_stopWait = TimeSpan.FromSeconds(10);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var search in searches)
        {
            _ = search.EnsureIndexing();
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(searches.Select(s => s.Building)).WaitAsync(s_stopWait, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Stopping matters more than a finished index.
        }
    }
}
