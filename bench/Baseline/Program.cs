using Bench.Baseline;

// POST /mcp served by the official ASP.NET Core host of the MCP C# SDK, stateless, exactly as its own
// documentation sets it up: one echo tool, no authentication, no session, no argument checks. It speaks the
// 2025 eras and 2026-07-28 on the same URL, so the gateway (hosted the same way) is compared era for era with
// what the SDK's host alone costs per call.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMcpServer().WithHttpTransport(o => o.Stateless = true).WithTools<EchoTool>();
var app = builder.Build();
app.MapMcp("/mcp");
await app.RunAsync();
