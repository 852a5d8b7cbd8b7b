using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Connector.Gateway.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ReadingRoom.App.Tests.Gateway;

/// <summary>
/// An issuer rotating its keys, served by a real JWKS endpoint whose key list the test changes: the gateway
/// picks up a new <c>kid</c> without a restart, drops a retired one, and re-fetches at most once per interval
/// however many unknown kids arrive.
/// </summary>
public sealed class SigningKeyRotationTests : IAsyncLifetime
{
    private readonly RsaSecurityKey _keyA = NewKey("key-a");
    private readonly RsaSecurityKey _keyB = NewKey("key-b");
    private readonly RsaSecurityKey _keyC = NewKey("key-c");
    private readonly string _issuerUrl = $"http://127.0.0.1:{FreePort.Next()}";
    private WebApplication? _issuer;
    private DevAuthServer? _unused;
    private GatewayServer? _gateway;
    private volatile RsaSecurityKey[] _published = [];
    private int _fetches;

    public async ValueTask InitializeAsync()
    {
        _published = [_keyA];
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(_issuerUrl);
        _issuer = builder.Build();
        _issuer.MapGet("/jwks.json", () =>
        {
            Interlocked.Increment(ref _fetches);
            return Results.Text(Jwks(_published), "application/json");
        });
        await _issuer.StartAsync();

        // GatewayServer wants a DevAuthServer for its defaults; this test's own issuer replaces it.
        _unused = new DevAuthServer();
        _gateway = new GatewayServer(_unused, new Dictionary<string, string?>
        {
            ["AUTH_ISSUER"] = _issuerUrl,
            ["AUTH_JWKS_URL"] = _issuerUrl + "/jwks.json",
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_unused is not null)
        {
            await _unused.DisposeAsync();
        }

        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
    }

    [Fact]
    public async Task Rotation_NewKeyPublished_IsAcceptedWithoutRestart_AndARetiredKeyIsRefused()
    {
        ShortenRefetchInterval();
        Assert.Equal(HttpStatusCode.OK, await CallAsync(_keyA));

        _published = [_keyB, _keyA];
        await PastTheRefetchInterval();
        Assert.Equal(HttpStatusCode.OK, await CallAsync(_keyB));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(_keyA));

        // Key A is retired. The cache only learns that when it next fetches, here caused by the new key C.
        _published = [_keyC, _keyB];
        await PastTheRefetchInterval();
        Assert.Equal(HttpStatusCode.OK, await CallAsync(_keyC));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(_keyA));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(_keyB));
    }

    [Fact]
    public async Task RememberedToken_IsCheckedAgain_OnceItsKeyIsRetired()
    {
        ShortenRefetchInterval();
        _published = [_keyA, _keyB];
        var token = Token(_keyA);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(token));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(token));

        // The gateway remembers that this exact token passed; a re-fetch without its key must end that.
        _published = [_keyC, _keyB];
        await PastTheRefetchInterval();
        Assert.Equal(HttpStatusCode.OK, await CallAsync(_keyC));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(token));
    }

    [Fact]
    public async Task UnknownKids_Flood_CauseAtMostOneRefetchPerInterval()
    {
        // The default 30 s between kid-driven re-fetches: far longer than these 20 calls take.
        Assert.Equal(HttpStatusCode.OK, await CallAsync(_keyA));
        var before = Volatile.Read(ref _fetches);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(NewKey("forged-" + i)));
        }

        Assert.True(Volatile.Read(ref _fetches) - before <= 1, $"{Volatile.Read(ref _fetches) - before} fetches for 20 unknown kids");
    }

    /// <summary>
    /// The default 30 s between kid-driven re-fetches would make these tests wait; the key manager, made on the
    /// first call, takes the live options' value, down to its floor of one second.
    /// </summary>
    private void ShortenRefetchInterval() => Options().JwksMinRefetchInterval = TimeSpan.FromSeconds(1);

    /// <summary>Waits out the one-second floor, so the next unknown kid may cause a re-fetch. A pause, not a timed assertion.</summary>
    private static Task PastTheRefetchInterval() => Task.Delay(TimeSpan.FromSeconds(1.2));

    private ResourceServerOptions Options() => _gateway!.Services.GetRequiredService<IOptions<ResourceServerOptions>>().Value;

    private Task<HttpStatusCode> CallAsync(RsaSecurityKey key) => CallAsync(Token(key));

    private string Token(RsaSecurityKey key) => TokenForge.SignRs256(TokenForge.Claims(_issuerUrl, _gateway!.McpUrl, TestUsers.New()), key);

    private async Task<HttpStatusCode> CallAsync(string token)
    {
        using var http = new McpHttp(_gateway!.McpUrl);
        using var response = await http.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", token);
        return response.StatusCode;
    }

    private static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    private static string Jwks(RsaSecurityKey[] keys) => JsonSerializer.Serialize(new
    {
        keys = keys.Select(k =>
        {
            var parameters = k.Rsa.ExportParameters(false);
            return new Dictionary<string, string>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = k.KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
        }),
    });
}
