using Connector.Gateway.Hosting;
using MyConnector.App;
using MyConnector.App.Content;
using MyConnector.App.Saved;
using MyConnector.App.Tools;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseGatewayPort(builder.Configuration, builder.Environment);

// Content: what the app knows, read as the app starts so a broken file stops start-up (naming it) instead of failing
// a user's first call.
builder.Services.AddAppContent(_ => Catalog.Load(Path.Combine(builder.Environment.ContentRootPath, "Content", "items.json")));

// Search is by keyword here. For search by meaning too, reference src/Connector.Search.MiniLM and add
// builder.Services.AddMiniLmEmbeddings(); (a local model: about 127 MB in the image, 240-400 MB of memory).

// State: this app's slice of each user's state document.
builder.Services.AddSingleton<SavedItems>();

// The three groups: domain_* (the content), user_* (the user's own state), config_* (rules and persona come
// with the skeleton; add your own config tools here).
builder.Services.AddConnectorGateway<ThisApp>(builder.Configuration)
    .WithConnectorTools<DomainTools>()
    .WithSearch("domain_search_items", Catalog.Search, Catalog.SearchWords)
    .WithConnectorTools<UserTools>();

var app = builder.Build();
app.MapConnectorGateway();

return await app.RunConnectorGatewayAsync();

public partial class Program;
