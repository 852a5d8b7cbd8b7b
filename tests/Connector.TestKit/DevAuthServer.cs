using System.Net.Http.Json;
using System.Text.Json;
using Connector.DevAuth.Keys;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Connector.TestKit;

/// <summary>The real dev sign-in service on a loopback port, with its key kept in a temp folder.</summary>
public sealed class DevAuthServer : IAsyncDisposable
{
    private readonly TempDirectory _keys = new();
    private readonly WebApplicationFactory<DevSigningKey> _factory;
    private readonly HttpClient _http = new();

    public DevAuthServer()
    {
        var port = FreePort.Next();
        Url = $"http://127.0.0.1:{port}";
        _factory = new WebApplicationFactory<DevSigningKey>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("DEV_AUTH_URL", Url);
            web.UseSetting("DEV_AUTH_KEY_DIR", _keys.Path);
            web.UseSetting("urls", Url);
            web.UseSetting("Logging:Console:LogLevel:Default", "Warning");
        });
        _factory.UseKestrel(port);
        _factory.StartServer();
    }

    /// <summary>The issuer: also where it listens.</summary>
    public string Url { get; }

    public string JwksUrl => Url + "/jwks.json";

    /// <summary>Where its signing keys live (<c>DEV_AUTH_KEY_DIR</c>), for tests that rotate them.</summary>
    public string KeyDirectory => _keys.Path;

    /// <summary>An absolute URL on this service, for tests that drive its OAuth endpoints directly.</summary>
    public Uri Endpoint(string pathAndQuery) => new(Url + pathAndQuery);

    /// <summary>The service's own signing key, for tests that must forge or bend a token.</summary>
    public DevSigningKey SigningKey => DevSigningKey.LoadOrCreate(_keys.Path);

    /// <summary>Mints a token the way a developer does with curl.</summary>
    public async Task<string> MintAsync(string subject, string audience, string? email = null)
    {
        var query = $"/token?sub={Uri.EscapeDataString(subject)}&aud={Uri.EscapeDataString(audience)}"
            + (email is null ? "" : "&email=" + Uri.EscapeDataString(email));
        using var response = await _http.GetAsync(new Uri(Url + query));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("access_token").GetString()!;
        LogWitness.Remember(token);
        return token;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        _keys.Dispose();
    }
}
