using Connector.Gateway.Hosting;
using ReadingRoom.App;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseGatewayPort(builder.Configuration, builder.Environment);
builder.Services.AddReadingRoom(builder.Configuration, builder.Environment);

var app = builder.Build();
app.MapConnectorGateway();

return await app.RunConnectorGatewayAsync();

public partial class Program;
