using ReadingRoom.App.Catalog;
using ReadingRoom.App.Librarian;
using ReadingRoom.App.Shelf;
using ReadingRoom.App.Tools;

namespace ReadingRoom.App;

internal static class ReadingRoomServiceCollectionExtensions
{
    /// <summary>The gateway with the Reading Room's catalog and shelf tools (config_* come with the skeleton), its catalog and its shelf.</summary>
    public static IServiceCollection AddReadingRoom(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Loaded now, so a broken catalog stops start-up instead of failing a reader's first call.
        services.AddSingleton(ArticleCatalog.Load(Path.Combine(environment.ContentRootPath, "Catalog", "articles.json")));
        services.AddSingleton<ShelfService>();
        services.AddConnectorGateway<ReadingRoomLibrarian>(configuration)
            .WithConnectorTools<DomainTools>()
            .WithConnectorTools<UserTools>();
        return services;
    }
}
