using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connector.Gateway.Search;

/// <summary>Starts every search tool's first index at start-up, in the background: the app answers before it is built.</summary>
internal sealed class SearchIndexing(IEnumerable<SearchService> searches) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var search in searches)
        {
            _ = search.EnsureIndexing();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
