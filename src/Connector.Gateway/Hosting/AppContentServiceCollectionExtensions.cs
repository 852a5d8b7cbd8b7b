using Connector.Gateway.Content;

namespace Microsoft.Extensions.DependencyInjection;

public static class AppContentServiceCollectionExtensions
{
    /// <summary>
    /// Adds content the app reads from its own files (a catalog, a course), loaded before anything is served
    /// (<c>MapConnectorGateway</c>): a file that is missing or can't be read stops start-up with the file named and
    /// exit code 4, instead of a stack trace or a failure on a user's first call.
    /// </summary>
    public static IServiceCollection AddAppContent<T>(this IServiceCollection services, Func<IServiceProvider, T> load)
        where T : class
    {
        services.AddSingleton(services => Loaded(load, services));
        services.AddSingleton(new AppContentRegistration(typeof(T)));
        return services;
    }

    // A loader that doesn't read through AppContentFile still stops start-up the same way.
    private static T Loaded<T>(Func<IServiceProvider, T> load, IServiceProvider services)
        where T : class
    {
        try
        {
            return load(services);
        }
        catch (Exception ex) when (ex is not AppContentException)
        {
            throw new AppContentException($"The app's {typeof(T).Name} could not be loaded: {ex.Message}", ex);
        }
    }
}
