using Connector.Gateway.Hosting;
using ReadingRoom.App.Catalog;
using ReadingRoom.App.Librarian;
using ReadingRoom.App.Shelf;
using ReadingRoom.App.Tools;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseGatewayPort(builder.Configuration, builder.Environment);

// Content: the catalog, read as the app starts so a broken file stops start-up instead of failing a reader's first
// call. (The librarian's rules and persona are read by ReadingRoomLibrarian, and re-read when they change.)
builder.Services.AddAppContent(_ => ArticleCatalog.Load(Path.Combine(builder.Environment.ContentRootPath, "Catalog", "articles.json")));

// Search by meaning, with a local model (leave this out for keyword search only).
builder.Services.AddMiniLmEmbeddings();

// State: each reader's shelf, their slice of the state document.
builder.Services.AddSingleton<ShelfService>();

// The three groups: the catalog (and a search over it), the reader's shelf, and (from the skeleton) the librarian's
// rules and persona.
builder.Services.AddConnectorGateway<ReadingRoomLibrarian>(builder.Configuration)
    .WithConnectorTools<DomainTools>()
    .WithSearch(ToolNames.DomainSearchArticles, CatalogSearch.Source, CatalogSearch.Words)
    .WithConnectorTools<UserTools>();

var app = builder.Build();
app.MapConnectorGateway();

return await app.RunConnectorGatewayAsync();

public partial class Program;
