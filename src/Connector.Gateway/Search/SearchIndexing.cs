using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connector.Gateway.Search;

/// <summary>
/// Starts every search tool's first index at start-up, in the background: the app answers before it is built. A host
/// that stops waits for a build still under way.
/// </summary>
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

    /// <summary>
    /// Waits for a build still under way (the host's shutdown timeout bounds the wait): the container disposes the
    /// embedder right after, and a build still running the model then reads freed native memory, which crashes the
    /// process (ONNX Runtime) instead of ending it.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(searches.Select(search => search.Building)).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutdown ran out of time: the process is going anyway.
        }
    }
}
