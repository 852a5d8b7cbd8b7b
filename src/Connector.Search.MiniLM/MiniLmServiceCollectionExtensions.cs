using Connector.Gateway.Search;
using Connector.Search.MiniLM;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Plugs the local MiniLM model into an app as its <see cref="ITextEmbedder"/>.</summary>
public static class MiniLmServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MiniLmEmbedder"/> as the app's <see cref="ITextEmbedder"/>, one for the process, unless an
    /// embedder is registered already. The model loads on first use; to load it at start-up instead, resolve
    /// <see cref="MiniLmEmbedder"/> and start its <see cref="MiniLmEmbedder.WarmUpAsync"/>.
    /// </summary>
    public static IServiceCollection AddMiniLmEmbeddings(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<MiniLmEmbedder>();
        services.TryAddSingleton<ITextEmbedder>(provider => provider.GetRequiredService<MiniLmEmbedder>());
        return services;
    }
}
