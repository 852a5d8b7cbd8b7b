using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ReadingRoom.App.Tests.Gateway;

/// <summary>
/// The Streamable HTTP contract of POST /mcp as raw HTTP: what a real client library would hide (status codes,
/// headers, malformed bodies). Every refusal is a JSON-RPC error body, never a 500 or a stack trace.
/// </summary>
public sealed class TransportTests(SqliteConnector<Program> fixture) : IClassFixture<SqliteConnector<Program>>
{
    private const string ToolsList = """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""";
    private const int DefaultLimitBytes = 1024 * 1024;

    [Theory]
    [InlineData("text/html")]
    [InlineData("image/png, text/plain;q=0.5")]
    public async Task Post_AcceptAdmitsNeitherJsonNorEventStream_Is406WithJsonRpcError(string accept)
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        using var request = http.Request(ToolsList, await Token());
        request.Headers.Accept.Clear();
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        JsonRpcAssert.TransportError(response, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("*/*", "text/event-stream")]
    [InlineData("text/event-stream", "text/event-stream")]
    [InlineData("", "text/event-stream")]
    [InlineData("application/json", "application/json")]
    [InlineData("application/*", "application/json")]
    public async Task Post_AcceptAsHostsSendIt_IsServed(string accept, string answeredAs)
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        using var request = http.Request(ToolsList, await Token());
        request.Headers.Accept.Clear();
        if (accept.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(answeredAs, response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var message = McpHttp.ReadMessage(body, answeredAs);
        Assert.Equal(1, message.GetProperty("id").GetInt32());
        Assert.True(message.GetProperty("result").GetProperty("tools").GetArrayLength() > 0);
        if (answeredAs == "application/json")
        {
            Assert.Equal(body.Length, (int)response.Content.Headers.ContentLength!);
        }
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    [InlineData(null)]
    public async Task Post_ContentTypeNotJson_Is415(string? contentType)
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        using var request = http.Request(ToolsList, await Token());
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(ToolsList));
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        JsonRpcAssert.TransportError(response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_Notification_Is202WithEmptyBody()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);

        using var response = await http.PostAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", await Token());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task NonPostMethod_OnMcp_Is405AllowingPost(string method)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(fixture.Gateway.McpUrl));
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Token());

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        JsonRpcAssert.TransportError(response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_MalformedJson_Is400InvalidRequestWithNullId()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);

        using var response = await http.PostAsync("{bad", await Token());

        // The SDK's host answers unreadable JSON as it answers a batch: Invalid Request (it does not tell the two apart).
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32600, JsonRpcAssert.TransportError(response, await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=\"UTF-8\"")]
    [InlineData("Application/JSON")]
    public async Task Post_JsonContentTypeSpellings_AreServed(string contentType)
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        using var request = http.Request(ToolsList, await Token());
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(ToolsList));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]""")]
    [InlineData("\"tools/list\"")]
    [InlineData("42")]
    public async Task Post_WellFormedJsonThatIsNotOneMessage_Is400InvalidRequest(string body)
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);

        using var response = await http.PostAsync(body, await Token());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32600, JsonRpcAssert.TransportError(response, await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Post_BodyOverDefaultLimitWithContentLength_Is413AndServerKeepsServing()
    {
        var token = await Token();
        using var http = new McpHttp(fixture.Gateway.McpUrl);

        using (var response = await http.PostAsync(HealthCallPaddedTo(DefaultLimitBytes + (DefaultLimitBytes / 10)), token))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            JsonRpcAssert.TransportError(response, await response.Content.ReadAsStringAsync());
        }

        var health = await http.CallToolAsync(token, "health");
        Assert.False(health.IsError);
        Assert.Equal("ok", health.Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Post_ChunkedBodyOverDefaultLimit_Is413AndServerKeepsServing()
    {
        var token = await Token();
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        using var request = http.Request("", token);
        request.Content = new UnsizedJsonContent(HealthCallPaddedTo(DefaultLimitBytes + (DefaultLimitBytes / 10)));

        using (var response = await http.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            JsonRpcAssert.TransportError(response, await response.Content.ReadAsStringAsync());
        }

        var health = await http.CallToolAsync(token, "health");
        Assert.False(health.IsError);
    }

    [Fact]
    public async Task Post_ChunkedBodyUnderLimit_IsServed()
    {
        // The control for the chunked 413: the same kind of body, only small, must get through.
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        using var request = http.Request("", await Token());
        request.Content = new UnsizedJsonContent(ToolsList);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = McpHttp.ReadMessage(await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
        Assert.True(message.GetProperty("result").GetProperty("tools").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Post_UnsupportedProtocolVersionHeader_Is400UnsupportedVersionNamingBoth()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        using var request = http.Request(ToolsList, await Token());
        request.Headers.Add("MCP-Protocol-Version", "1999-01-01");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonRpcAssert.RequestError(response, await response.Content.ReadAsStringAsync(), expectedId: 1);
        Assert.Equal(-32022, error.GetProperty("code").GetInt32());
        Assert.Equal("1999-01-01", error.GetProperty("data").GetProperty("requested").GetString());
        Assert.Contains("2026-07-28", error.GetProperty("data").GetProperty("supported").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Post_SupportedProtocolVersionHeader_Is200()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        using var request = http.Request(ToolsList, await Token());
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = McpHttp.ReadMessage(await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
        Assert.True(message.TryGetProperty("result", out _));
    }

    [Theory]
    [InlineData("2024-11-05")]
    [InlineData("2025-03-26")]
    [InlineData("2025-06-18")]
    [InlineData("2025-11-25")]
    public async Task Initialize_SupportedVersion_EchoesItStatelesslyWithToolsOnly(string version)
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        var body = JsonSerializer.Serialize(new
        {
            jsonrpc = "2.0",
            id = 1,
            method = "initialize",
            @params = new { protocolVersion = version, capabilities = new { }, clientInfo = new { name = "transport-tests", version = "1.0" } },
        });

        using var response = await http.PostAsync(body, await Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"), "a stateless server hands out no session id");
        var result = McpHttp.ReadMessage(await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType).GetProperty("result");
        Assert.Equal(version, result.GetProperty("protocolVersion").GetString());
        var capabilities = result.GetProperty("capabilities");
        // Tools only: no resources, no prompts, nor anything else the SDK would announce by default.
        Assert.Equal(["tools"], capabilities.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ToolsCall_UnknownTool_IsJsonRpcInvalidParamsOverSse()
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);
        var body = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}""";

        using var response = await http.PostAsync(body, await Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var message = McpHttp.ReadMessage(await response.Content.ReadAsStringAsync(), "text/event-stream");
        Assert.Equal(7, message.GetProperty("id").GetInt32());
        Assert.Equal(-32602, message.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("resources/list")]
    [InlineData("prompts/list")]
    public async Task Request_MethodTheServerDoesNotOffer_IsMethodNotFound(string method)
    {
        using var http = new McpHttp(fixture.Gateway.McpUrl);

        var message = await http.RpcAsync(method, new Dictionary<string, object?>(), await Token());

        Assert.Equal(-32601, message.GetProperty("error").GetProperty("code").GetInt32());
        Assert.False(message.TryGetProperty("result", out _));
    }

    private Task<string> Token() => fixture.TokenFor(TestUsers.New());

    /// <summary>A valid tools/call whose one string argument pads the body to about <paramref name="bytes"/>.</summary>
    private static string HealthCallPaddedTo(int bytes) =>
        JsonSerializer.Serialize(new
        {
            jsonrpc = "2.0",
            id = 1,
            method = "tools/call",
            @params = new { name = "health", arguments = new { padding = new string('x', bytes) } },
        });

    /// <summary>A JSON body sent without Content-Length, so HttpClient uses chunked transfer encoding.</summary>
    private sealed class UnsizedJsonContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnsizedJsonContent(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            const int ChunkBytes = 64 * 1024;
            for (var offset = 0; offset < _bytes.Length; offset += ChunkBytes)
            {
                await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(ChunkBytes, _bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
