using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace Connector.Interop.Tests.Deploy;

/// <summary>
/// Runs the <c>dotnet publish</c> output exactly as the Dockerfile's entrypoint does: Production, configured
/// only by environment variables, bound to 0.0.0.0:$PORT. There is no container engine here, so this is the
/// closest honest check that the image would serve.
/// </summary>
public sealed class PublishedAppTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDirectory _publish = new();
    private readonly TempDirectory _data = new();
    private DevAuthServer? _auth;

    public async ValueTask InitializeAsync()
    {
        _auth = new DevAuthServer();
        var repository = NodeTool.RepositoryRoot() ?? throw new InvalidOperationException("ReadingRoom.slnx not found above " + AppContext.BaseDirectory);
        var project = Path.Combine(repository, "src", "ReadingRoom.App", "ReadingRoom.App.csproj");
        var publish = await NodeTool.RunAsync("dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", _publish.Path, "--nologo", "-v", "quiet"],
            repository, TimeSpan.FromMinutes(10));
        Assert.True(publish.Succeeded, "dotnet publish failed: " + publish.StandardOutput + publish.StandardError);
    }

    public async ValueTask DisposeAsync()
    {
        if (_auth is not null)
        {
            await _auth.DisposeAsync();
        }

        _publish.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task PublishedApp_ConfiguredByEnvironmentOnly_ServesProbesMetadataAndTools()
    {
        var port = FreePort.Next();
        var origin = $"http://127.0.0.1:{port}";
        await using var app = AppProcess.Start<Program>(_publish.Path, ContainerEnvironment(port));
        try
        {
            await app.WaitUntilLiveAsync(new Uri(origin), TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = new Uri(origin) };

            using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
            var metadata = JsonDocument.Parse(await http.GetStringAsync(new Uri("/.well-known/oauth-protected-resource/mcp", UriKind.Relative))).RootElement;
            using var mcp = new McpHttp(origin + "/mcp");
            var tools = await mcp.RpcAsync("tools/list", null, await _auth!.MintAsync(TestUsers.New(), origin + "/mcp"));

            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal(origin + "/mcp", metadata.GetProperty("resource").GetString());
            Assert.Equal(_auth!.Url, metadata.GetProperty("authorization_servers")[0].GetString());
            Assert.Contains(tools.GetProperty("result").GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == "begin_session");
            Assert.Contains($"http://0.0.0.0:{port}", app.Console, StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(app.Console);
        }
    }

    [Fact]
    public async Task PublishedApp_ConsoleTurnedUpToTrace_StillOmitsTheSdksEchoOfCallerStrings()
    {
        // The SDK's lines echo what a caller sent (a method or tool name may be a pasted token). An operator who
        // turns the console up must not turn them back on by accident.
        var port = FreePort.Next();
        var origin = $"http://127.0.0.1:{port}";
        var marker = "pasted-secret-" + Guid.NewGuid().ToString("N");
        var environment = ContainerEnvironment(port);
        environment["Logging__Console__LogLevel__Default"] = "Trace";
        await using var app = AppProcess.Start<Program>(_publish.Path, environment);
        try
        {
            await app.WaitUntilLiveAsync(new Uri(origin), TimeSpan.FromSeconds(60));
            using var mcp = new McpHttp(origin + "/mcp");
            var token = await _auth!.MintAsync(TestUsers.New(), origin + "/mcp");
            var answer = await mcp.RpcAsync(marker, null, token);
            await mcp.RpcAsync("tools/list", null, token);

            Assert.True(answer.TryGetProperty("error", out _), "an unknown method was answered: " + answer);
            Assert.Contains("dbug:", app.Console, StringComparison.Ordinal);
            Assert.DoesNotContain(marker, app.Console, StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(app.Console);
        }
    }

    /// <summary>What a container platform would set: environment variables only, Production.</summary>
    private Dictionary<string, string> ContainerEnvironment(int port) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RESOURCE_URL"] = $"http://127.0.0.1:{port}/mcp",
        ["AUTH_ISSUER"] = _auth!.Url,
        ["AUTH_JWKS_URL"] = _auth.JwksUrl,
        ["SESSION_SIGNING_SECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        ["DATA_DIR"] = _data.Path,
    };
}
