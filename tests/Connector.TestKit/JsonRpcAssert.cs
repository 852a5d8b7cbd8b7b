using System.Net;
using System.Text.Json;

namespace Connector.TestKit;

public static class JsonRpcAssert
{
    /// <summary>
    /// A refusal by the transport rather than by a tool: a deliberate status (never a 500), a plain JSON (not SSE)
    /// JSON-RPC 2.0 error with a null id, because the request may not have been read far enough to know it, and
    /// nothing of an exception. Returns the error code for the callers that expect a particular one.
    /// </summary>
    public static int TransportError(HttpResponseMessage response, string body)
    {
        var message = PlainError(response, body);
        Assert.Equal(JsonValueKind.Null, message.GetProperty("id").ValueKind);
        return message.GetProperty("error").GetProperty("code").GetInt32();
    }

    /// <summary>
    /// A refusal of a request that was read far enough to know its id (a protocol-version or header mismatch):
    /// the same plain JSON error, echoing that id. Returns the <c>error</c> object.
    /// </summary>
    public static JsonElement RequestError(HttpResponseMessage response, string body, int expectedId)
    {
        var message = PlainError(response, body);
        Assert.Equal(expectedId, message.GetProperty("id").GetInt32());
        return message.GetProperty("error").Clone();
    }

    private static JsonElement PlainError(HttpResponseMessage response, string body)
    {
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        var message = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal("2.0", message.GetProperty("jsonrpc").GetString());
        var error = message.GetProperty("error");
        Assert.Equal(JsonValueKind.Number, error.GetProperty("code").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return message;
    }
}
