using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Connector.DevAuth.Protocol;

namespace Connector.DevAuth.Clients;

/// <summary>
/// Clients identified by the URL of their Client ID Metadata Document (MCP authorization, 2025-11-25): instead of
/// registering, a client names a URL it controls, and the document found there says where codes may be sent.
/// Fetched documents are kept for <see cref="CacheLifetime"/>, so the token request after a consent needs no fetch.
/// </summary>
internal sealed class ClientMetadataDocuments : IDisposable
{
    public const int MaxDocumentBytes = 64 * 1024;
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);

    // Bounds the memory that naming many different URLs can make this dev server use.
    private const int MaxCachedDocuments = 1000;

    private readonly IHostEnvironment _environment;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ClientMetadataDocuments> _logger;
    private readonly ConcurrentDictionary<string, CachedClient> _cache = new(StringComparer.Ordinal);

    // Redirects are not followed: the document must be served at the client_id itself, or a URL the client does
    // not control could lend its name to a document from elsewhere.
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = FetchTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public ClientMetadataDocuments(IHostEnvironment environment, TimeProvider timeProvider, ILogger<ClientMetadataDocuments> logger)
    {
        _environment = environment;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Registered client ids never start with a scheme, so anything that does is meant as a document URL.</summary>
    public static bool LooksLikeUrl(string clientId) =>
        clientId.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || clientId.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    public async ValueTask<ClientLookup> FetchAsync(string clientId, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        if (_cache.TryGetValue(clientId, out var cached) && cached.ExpiresAt > now)
        {
            return new ClientLookup(cached.Client, null);
        }

        var problem = CheckUrl(clientId, out var url);
        if (problem is not null)
        {
            return Refuse(clientId, problem);
        }

        ClientMetadataDocument? document;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(FetchTimeout);
            try
            {
                (document, problem) = await DownloadAsync(url!, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problem = $"it did not answer within {FetchTimeout.TotalSeconds:0} s.";
                document = null;
            }
            catch (HttpRequestException failure)
            {
                problem = $"it could not be fetched ({failure.Message}).";
                document = null;
            }
        }

        if (problem is not null || document is null)
        {
            return Refuse(clientId, problem ?? "it is JSON null, not an object of client metadata.");
        }

        // Byte for byte: a document that names another URL would let one URL speak for a different client.
        if (!string.Equals(document.ClientId, clientId, StringComparison.Ordinal))
        {
            return Refuse(clientId, "its client_id is not exactly the URL it was fetched from.");
        }

        var asRegistration = new ClientRegistrationRequest(document.RedirectUris, document.ClientName, document.GrantTypes, document.ResponseTypes, document.TokenEndpointAuthMethod);
        if (!ClientRegistrationDraft.TryCreate(asRegistration, out var draft, out var error))
        {
            return Refuse(clientId, error.ErrorDescription);
        }

        var client = new RegisteredClient(clientId, draft.ClientName, draft.RedirectUris, draft.GrantTypes, now);
        Remember(clientId, new CachedClient(client, now + CacheLifetime), now);
        return new ClientLookup(client, null);
    }

    public void Dispose() => _http.Dispose();

    private string? CheckUrl(string clientId, out Uri? url)
    {
        if (clientId.Length > ClientRegistrationDraft.MaxUriLength || !Uri.TryCreate(clientId, UriKind.Absolute, out url))
        {
            url = null;
            return "it is not an absolute URL.";
        }

        if (url.UserInfo.Length > 0 || url.Fragment.Length > 0 || clientId.Contains('#', StringComparison.Ordinal))
        {
            return "it must not contain user information or a fragment.";
        }

        if (url.AbsolutePath is "" or "/")
        {
            return "it must have a path, such as https://app.example/oauth/client.json.";
        }

        // Plain http is allowed only to this machine and only in Development, where tests serve documents locally.
        var isHttps = url.Scheme == Uri.UriSchemeHttps;
        var isLocalHttp = url.Scheme == Uri.UriSchemeHttp && url.IsLoopback && _environment.IsDevelopment();
        return isHttps || isLocalHttp ? null : "it must be an https URL (http only to this machine, in Development).";
    }

    private async Task<(ClientMetadataDocument? Document, string? Problem)> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if ((int)response.StatusCode is >= 300 and < 400)
        {
            return (null, $"it answered with a redirect ({(int)response.StatusCode}); redirects are not followed.");
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (null, $"it answered {(int)response.StatusCode}, not 200.");
        }

        if (response.Content.Headers.ContentLength > MaxDocumentBytes)
        {
            return (null, $"it is larger than {MaxDocumentBytes / 1024} KiB.");
        }

        // One byte more than allowed is read, so a body without Content-Length is still caught when too large.
        var buffer = new byte[MaxDocumentBytes + 1];
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (length > MaxDocumentBytes)
        {
            return (null, $"it is larger than {MaxDocumentBytes / 1024} KiB.");
        }

        try
        {
            return (JsonSerializer.Deserialize(buffer.AsSpan(0, length), DevAuthJsonContext.Default.ClientMetadataDocument), null);
        }
        catch (JsonException)
        {
            return (null, "it is not a JSON object of client metadata.");
        }
    }

    private void Remember(string clientId, CachedClient entry, DateTimeOffset now)
    {
        if (_cache.Count >= MaxCachedDocuments)
        {
            foreach (var (key, value) in _cache)
            {
                if (value.ExpiresAt <= now)
                {
                    _cache.TryRemove(key, out _);
                }
            }
        }

        if (_cache.Count < MaxCachedDocuments)
        {
            _cache[clientId] = entry;
        }
    }

    private ClientLookup Refuse(string clientId, string problem)
    {
        DevAuthLog.ClientMetadataDocumentRefused(_logger, clientId, problem);
        return new ClientLookup(null, "The client_id is a URL, but its client metadata document can't be used: " + problem);
    }

    private sealed record CachedClient(RegisteredClient Client, DateTimeOffset ExpiresAt);
}
