using System.Text.Json;
using Bench.Baseline;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// POST /mcp, as the SDK's own stateless Streamable HTTP hosting does it: every request gets a fresh
// StreamableHttpServerTransport { Stateless = true } and McpServer, which answer it over SSE and are disposed.
// No authentication, no session, no argument checks: what the SDK alone costs per call.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMcpServer().WithTools<EchoTool>();
var app = builder.Build();

app.MapPost("/mcp", async (HttpContext context, IOptions<McpServerOptions> options, ILoggerFactory loggerFactory) =>
{
    var message = await JsonSerializer.DeserializeAsync<JsonRpcMessage>(context.Request.Body, McpJsonUtilities.DefaultOptions, context.RequestAborted);
    if (message is null)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
    var server = McpServer.Create(transport, options.Value, loggerFactory, context.RequestServices);
    var running = server.RunAsync(context.RequestAborted);
    try
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        if (!await transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted))
        {
            context.Response.ContentType = null;
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }
    }
    finally
    {
        await transport.DisposeAsync();
        await server.DisposeAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // The server stops by cancellation once its transport is gone.
        }
    }
});

await app.RunAsync();
