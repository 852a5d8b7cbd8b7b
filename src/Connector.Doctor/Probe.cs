using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Connector.Doctor.Reporting;

namespace Connector.Doctor;

/// <summary>What came back for one request. <see cref="Error"/> is set instead when nothing came back at all.</summary>
internal sealed record Answer(int Status, HttpResponseHeaders? Headers, string? MediaType, string Body, string? Error)
{
    public bool Ok => Error is null && Status is >= 200 and < 300;

    public string StatusText => Error ?? Status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string? Header(string name) =>
        Headers is not null && Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    /// <summary>The body as JSON: a plain JSON body, or the first <c>data:</c> event that parses (Streamable HTTP).</summary>
    public JsonElement? Json()
    {
        var texts = MediaType == "text/event-stream"
            ? Body.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim())
            : [Body];
        foreach (var text in texts)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
            }
        }

        return null;
    }
}

/// <summary>
/// The doctor's only way out to the network. Each request and its answer are written down, redacted, and handed
/// to the next step that is reported, so every verdict carries the evidence it was reached on.
/// </summary>
internal sealed class Probe : IDisposable
{
    private const int BodyLimit = 700;
    private readonly HttpClient _http;
    private readonly List<Exchange> _pending = [];

    public Probe(TimeSpan timeout)
    {
        // No automatic redirects: hosts don't follow them for metadata or /mcp either, so a redirect is a finding.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("connector-doctor/0.1");
    }

    /// <summary>The token in use, so it is cut from everything recorded even if it isn't a JWT.</summary>
    public string? Secret { get; set; }

    public Task<Answer> GetAsync(string url, string? accept = "application/json") =>
        SendAsync(HttpMethod.Get, url, null, null, accept, []);

    public Task<Answer> PostJsonAsync(string url, string body, string? token, IReadOnlyList<(string Name, string Value)> headers) =>
        SendAsync(HttpMethod.Post, url, body, token, "application/json, text/event-stream", headers);

    public async Task<Answer> SendAsync(HttpMethod method, string url, string? body, string? token, string? accept, IReadOnlyList<(string Name, string Value)> headers)
    {
        using var request = new HttpRequestMessage(method, url);
        var sent = new StringBuilder($"{method} {url}");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            sent.Append("\nAuthorization: Bearer ").Append(Redactor.TokenStub);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
            sent.Append('\n').Append(name).Append(": ").Append(value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            sent.Append('\n').Append(body);
        }

        Answer answer;
        try
        {
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            answer = new Answer((int)response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, text, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // A refused connection, a bad certificate or a timeout: the host would see the same, so it is an answer.
            answer = new Answer(0, null, null, "", e is TaskCanceledException ? "timed out" : "no answer (" + e.Message + ")");
        }

        _pending.Add(new Exchange(Redactor.Redact(sent.ToString(), Secret), Redactor.Redact(Describe(answer), Secret)));
        return answer;
    }

    /// <summary>The exchanges since the last step was reported; the step that is reported now carries them.</summary>
    public IReadOnlyList<Exchange> TakePending()
    {
        // Redacted again with the secret known now: the answer that minted the token was recorded before it was.
        var taken = _pending.Select(e => new Exchange(Redactor.Redact(e.Sent, Secret), Redactor.Redact(e.Got, Secret))).ToArray();
        _pending.Clear();
        return taken;
    }

    private static string Describe(Answer answer)
    {
        if (answer.Error is not null)
        {
            return answer.Error;
        }

        var got = new StringBuilder(answer.StatusText);
        foreach (var name in new[] { "WWW-Authenticate", "Location", "Mcp-Session-Id" })
        {
            if (answer.Header(name) is { } value)
            {
                got.Append('\n').Append(name).Append(": ").Append(value);
            }
        }

        if (answer.MediaType is not null)
        {
            got.Append("\nContent-Type: ").Append(answer.MediaType);
        }

        var body = answer.Body.Trim();
        if (body.Length > 0)
        {
            got.Append('\n').Append(body.Length > BodyLimit ? body[..BodyLimit] + "…" : body);
        }

        return got.ToString();
    }

    public void Dispose() => _http.Dispose();
}
