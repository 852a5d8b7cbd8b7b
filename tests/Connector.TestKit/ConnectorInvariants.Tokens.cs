using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Connector.TestKit;

/// <summary>
/// The token rejection matrix: every way a bearer token can be wrong, each bending one thing a valid token gets
/// right, through real HTTP against the real JWKS. A rejection is a 401 that sends the host to the app's metadata,
/// says nothing about which check failed, and writes nothing: the forged subject never reaches the store.
/// </summary>
public abstract partial class ConnectorInvariants<TEntryPoint, TProfile>
{
    private string FrontDoorCall => JsonSerializer.Serialize(new
    {
        jsonrpc = "2.0",
        id = 1,
        method = "tools/call",
        @params = new { name = App.FrontDoor, arguments = new { } },
    });

    private static readonly string[] s_revealingWords = ["issuer", "audience", "signature", "kid", "algorithm", "lifetime", "nbf", "claim", "Exception"];

    private static readonly string[] s_mustUnderstand = ["urn:example:must-understand"];

    private static readonly string[] s_otherAudiences = ["https://elsewhere.example/mcp", "https://elsewhere.example"];

    /// <summary>Tokens each tripping a different check inside the validator.</summary>
    private static readonly Forgery[] s_distinctFailures =
        [Forgery.NotAJwt, Forgery.WrongIssuer, Forgery.WrongAudience, Forgery.Expired, Forgery.StrangerKeyWithIssuersKid, Forgery.MissingSub];

    [Theory]
    [InlineData(Forgery.NotAJwt)]
    [InlineData(Forgery.StrangerKeyWithIssuersKid)]
    [InlineData(Forgery.StrangerKeyWithUnknownKid)]
    [InlineData(Forgery.WrongIssuer)]
    [InlineData(Forgery.WrongAudience)]
    [InlineData(Forgery.AudienceArrayWithoutUs)]
    [InlineData(Forgery.AudienceBelowMcpPath)]
    [InlineData(Forgery.AudienceMcpPathSuffix)]
    [InlineData(Forgery.AudienceHostSuffix)]
    [InlineData(Forgery.AudienceMcpDashSuffix)]
    [InlineData(Forgery.AudienceDoubleTrailingSlash)]
    [InlineData(Forgery.AudienceOtherPort)]
    [InlineData(Forgery.AudiencePathInOtherCase)]
    [InlineData(Forgery.Expired)]
    [InlineData(Forgery.NotYetValid)]
    [InlineData(Forgery.IssuedInTheFuture)]
    [InlineData(Forgery.MissingSub)]
    [InlineData(Forgery.MissingExp)]
    [InlineData(Forgery.MissingAud)]
    [InlineData(Forgery.AlgNone)]
    [InlineData(Forgery.Hs256KeyedWithPublicJwk)]
    [InlineData(Forgery.Hs256KeyedWithModulus)]
    [InlineData(Forgery.PayloadTamperedAfterSigning)]
    [InlineData(Forgery.JkuHeaderToForeignKeys)]
    [InlineData(Forgery.EmbeddedJwkHeader)]
    [InlineData(Forgery.X5uHeaderToForeignCertificate)]
    [InlineData(Forgery.CriticalUnknownExtension)]
    public async Task Token_ForgedToken_IsRejectedWith401AndWritesNothing(Forgery forgery)
    {
        RequireStore();
        var subject = TestUsers.New();
        var token = await ForgeAsync(forgery, subject);
        using var http = new McpHttp(Host.Gateway.McpUrl);

        await AssertRejectedAsync(http, http.Request(FrontDoorCall, token), subject, tokenPresented: true);
    }

    [Fact]
    public async Task Token_ForgedTokens_AllGetTheSameBody_SoNoneRevealsWhichCheckFailed()
    {
        RequireStore();
        var bodies = new HashSet<string>(StringComparer.Ordinal);
        using var http = new McpHttp(Host.Gateway.McpUrl);
        foreach (var forgery in s_distinctFailures)
        {
            using var response = await http.PostAsync(FrontDoorCall, await ForgeAsync(forgery, TestUsers.New()));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            bodies.Add(await response.Content.ReadAsStringAsync() + "\n" + Challenge(response));
        }

        Assert.Single(bodies);
    }

    [Fact]
    public async Task Token_NoAuthorizationHeader_Is401WithoutError()
    {
        RequireStore();
        using var http = new McpHttp(Host.Gateway.McpUrl);

        await AssertRejectedAsync(http, http.Request(FrontDoorCall, token: null), TestUsers.New(), tokenPresented: false);
    }

    [Fact]
    public async Task Token_BasicAuthorization_Is401AsIfNoBearerTokenCame()
    {
        RequireStore();
        var subject = TestUsers.New();
        using var http = new McpHttp(Host.Gateway.McpUrl);
        var request = http.Request(FrontDoorCall, token: null);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(subject + ":password")));

        await AssertRejectedAsync(http, request, subject, tokenPresented: false);
    }

    [Fact]
    public async Task Token_ValidTokenOnlyInQueryString_Is401()
    {
        RequireStore();
        var subject = TestUsers.New();
        var token = await Host.TokenFor(subject);
        using var http = new McpHttp(Host.Gateway.McpUrl + "?access_token=" + Uri.EscapeDataString(token));

        await AssertRejectedAsync(http, http.Request(FrontDoorCall, token: null), subject, tokenPresented: false);
    }

    [Fact]
    public async Task Token_TwoAuthorizationHeaders_OneValid_Is401()
    {
        RequireStore();
        var subject = TestUsers.New();
        using var http = new McpHttp(Host.Gateway.McpUrl);
        var request = http.Request(FrontDoorCall, token: null);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + await Host.TokenFor(subject));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer junk");

        await AssertRejectedAsync(http, request, subject, tokenPresented: true);
    }

    [Theory]
    [InlineData("{mcp}")]
    [InlineData("{origin}")]
    [InlineData("{origin}/")]
    [InlineData("{mcp}/")]
    [InlineData("HTTP://{host}/mcp")]
    [InlineData("HTTP://{host}/mcp/")]
    public async Task Token_ForgeSignedWithIssuersKey_ForThisServer_IsAccepted(string audienceForm)
    {
        RequireStore();
        // The control for the matrix above: the forge itself makes tokens the gateway accepts, so each
        // rejection is down to the one thing that row bent.
        var subject = TestUsers.New();
        // Scheme case and a trailing slash are spellings hosts send; host case and default ports are in ResourceFormsTests.
        var origin = new Uri(Host.Gateway.Origin);
        var audience = audienceForm.Replace("{mcp}", Host.Gateway.McpUrl, StringComparison.Ordinal)
            .Replace("{origin}", Host.Gateway.Origin, StringComparison.Ordinal)
            .Replace("{host}", origin.Authority.ToUpperInvariant(), StringComparison.Ordinal);
        var token = TokenForge.SignRs256(TokenForge.Claims(Host.Auth.Url, audience, subject), Host.Auth.SigningKey.SigningKey);
        using var http = new McpHttp(Host.Gateway.McpUrl);

        var begin = await http.CallToolAsync(token, App.FrontDoor);

        Assert.False(begin.IsError, begin.Text);
        Assert.StartsWith("cs1.", begin.Data.GetProperty("session").GetString(), StringComparison.Ordinal);
        Assert.True(await UserExistsAsync(subject));
    }

    private async Task<string> ForgeAsync(Forgery forgery, string subject)
    {
        var issuer = Host.Auth.Url;
        var origin = Host.Gateway.Origin;
        var issuersKey = Host.Auth.SigningKey;
        var valid = TokenForge.Claims(issuer, Host.Gateway.McpUrl, subject);
        var now = DateTimeOffset.UtcNow;

        return forgery switch
        {
            Forgery.NotAJwt => "not-a-jwt",
            Forgery.StrangerKeyWithIssuersKid => TokenForge.SignRs256(valid, TokenForge.StrangerKey(issuersKey.KeyId)),
            Forgery.StrangerKeyWithUnknownKid => TokenForge.SignRs256(valid, TokenForge.StrangerKey("kid-nobody-published")),
            Forgery.WrongIssuer => TokenForge.SignRs256(With(valid, "iss", "http://127.0.0.1:1"), issuersKey.SigningKey),
            Forgery.WrongAudience => TokenForge.SignRs256(With(valid, "aud", "https://elsewhere.example/mcp"), issuersKey.SigningKey),
            Forgery.AudienceArrayWithoutUs => TokenForge.SignRs256(With(valid, "aud", s_otherAudiences), issuersKey.SigningKey),
            Forgery.AudienceBelowMcpPath => TokenForge.SignRs256(With(valid, "aud", origin + "/mcp/extra"), issuersKey.SigningKey),
            Forgery.AudienceMcpPathSuffix => TokenForge.SignRs256(With(valid, "aud", origin + "/mcpx"), issuersKey.SigningKey),
            Forgery.AudienceHostSuffix => TokenForge.SignRs256(With(valid, "aud", origin + ".evil.example"), issuersKey.SigningKey),
            Forgery.AudienceMcpDashSuffix => TokenForge.SignRs256(With(valid, "aud", origin + "/mcp-evil"), issuersKey.SigningKey),
            Forgery.AudienceDoubleTrailingSlash => TokenForge.SignRs256(With(valid, "aud", origin + "/mcp//"), issuersKey.SigningKey),
            Forgery.AudienceOtherPort => TokenForge.SignRs256(With(valid, "aud", $"http://127.0.0.1:{FreePort.Next()}/mcp"), issuersKey.SigningKey),
            Forgery.AudiencePathInOtherCase => TokenForge.SignRs256(With(valid, "aud", origin + "/MCP"), issuersKey.SigningKey),
            Forgery.Expired => TokenForge.SignRs256(TokenForge.Claims(issuer, Host.Gateway.McpUrl, subject, now.AddHours(-2)), issuersKey.SigningKey),
            Forgery.NotYetValid => TokenForge.SignRs256(
                With(With(valid, "nbf", now.AddHours(1).ToUnixTimeSeconds()), "exp", now.AddHours(2).ToUnixTimeSeconds()), issuersKey.SigningKey),
            // Signed by the real key and otherwise valid: only the impossible issue time is wrong.
            Forgery.IssuedInTheFuture => TokenForge.SignRs256(With(valid, "iat", now.AddDays(1).ToUnixTimeSeconds()), issuersKey.SigningKey),
            Forgery.MissingSub => TokenForge.SignRs256(Without(valid, "sub"), issuersKey.SigningKey),
            Forgery.MissingExp => TokenForge.SignRs256(Without(valid, "exp"), issuersKey.SigningKey),
            Forgery.MissingAud => TokenForge.SignRs256(Without(valid, "aud"), issuersKey.SigningKey),
            Forgery.AlgNone => TokenForge.WithAlgNone(valid),
            Forgery.Hs256KeyedWithPublicJwk => TokenForge.Hs256WithPublicKey(valid, await PublishedJwkBytesAsync(), issuersKey.KeyId),
            Forgery.Hs256KeyedWithModulus => TokenForge.Hs256WithPublicKey(valid, Base64Url.DecodeFromChars(issuersKey.PublicJwk.N), issuersKey.KeyId),
            Forgery.PayloadTamperedAfterSigning => Tampered(
                TokenForge.SignRs256(TokenForge.Claims(issuer, Host.Gateway.McpUrl, TestUsers.New()), issuersKey.SigningKey), valid),
            Forgery.JkuHeaderToForeignKeys => SignedByStranger(valid, _ => new()
            {
                ["kid"] = "attacker-key",
                ["jku"] = $"http://127.0.0.1:{FreePort.Next()}/jwks.json",
            }),
            // Signed by the issuer's real key and otherwise valid, but its header says a verifier must understand an
            // extension no one here does (RFC 7515 §4.1.11): such a token must be refused, not read as if it were plain.
            Forgery.CriticalUnknownExtension => TokenForge.SignRs256(valid, issuersKey.SigningKey,
                new Dictionary<string, object> { ["crit"] = s_mustUnderstand, ["urn:example:must-understand"] = true }),
            Forgery.EmbeddedJwkHeader => SignedByStranger(valid, strangerJwk => new() { ["jwk"] = strangerJwk }),
            Forgery.X5uHeaderToForeignCertificate => SignedByStranger(valid, _ => new()
            {
                ["kid"] = "attacker-cert",
                ["x5u"] = $"http://127.0.0.1:{FreePort.Next()}/cert.pem",
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };
    }

    /// <summary>Rejection as a host sees it, and proof that nothing reached the store.</summary>
    private async Task AssertRejectedAsync(McpHttp http, HttpRequestMessage request, string subject, bool tokenPresented)
    {
        var usersBefore = await UserCountAsync();
        using (request)
        using (var response = await http.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var challenge = Challenge(response);
            Assert.StartsWith($"Bearer resource_metadata=\"{Host.Gateway.Origin}/.well-known/oauth-protected-resource/mcp\"", challenge, StringComparison.Ordinal);
            if (tokenPresented)
            {
                Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
            }
            else
            {
                // RFC 6750 §3.1: a request that carried no bearer token gets no error code.
                Assert.DoesNotContain("error=", challenge, StringComparison.Ordinal);
            }

            var text = await response.Content.ReadAsStringAsync();
            JsonRpcAssert.TransportError(response, text);
            foreach (var word in s_revealingWords)
            {
                Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(word, challenge, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.False(await UserExistsAsync(subject), $"the rejected call wrote a users row for {subject}");
        Assert.Equal(usersBefore, await UserCountAsync());
    }

    private static string Challenge(HttpResponseMessage response)
    {
        Assert.True(response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values), "a 401 must carry WWW-Authenticate");
        return Assert.Single(values);
    }

    private async Task<byte[]> PublishedJwkBytesAsync()
    {
        using var http = new HttpClient();
        var jwks = JsonDocument.Parse(await http.GetStringAsync(new Uri(Host.Auth.JwksUrl))).RootElement;
        return Encoding.UTF8.GetBytes(jwks.GetProperty("keys")[0].GetRawText());
    }

    private static Dictionary<string, object> With(Dictionary<string, object> claims, string name, object value) =>
        new(claims) { [name] = value };

    private static Dictionary<string, object> Without(Dictionary<string, object> claims, string name)
    {
        var copy = new Dictionary<string, object>(claims);
        copy.Remove(name);
        return copy;
    }

    /// <summary>A genuinely signed token whose payload is swapped for <paramref name="claims"/>, signature kept.</summary>
    private static string Tampered(string signed, Dictionary<string, object> claims)
    {
        var parts = signed.Split('.');
        return parts[0] + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims)) + "." + parts[2];
    }

    /// <summary>
    /// Signed by a stranger key that the header itself offers (embedded <c>jwk</c>) or points to (<c>jku</c>):
    /// a server that trusted either header would accept the token.
    /// </summary>
    private static string SignedByStranger(Dictionary<string, object> claims, Func<Dictionary<string, string>, Dictionary<string, object>> headerFor)
    {
        using var stranger = RSA.Create(2048);
        var publicKey = stranger.ExportParameters(false);
        var strangerJwk = new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["n"] = Base64Url.EncodeToString(publicKey.Modulus),
            ["e"] = Base64Url.EncodeToString(publicKey.Exponent),
        };
        var header = new Dictionary<string, object>(headerFor(strangerJwk)) { ["alg"] = "RS256", ["typ"] = "JWT" };
        var signingInput = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(header)) + "."
            + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = stranger.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private async Task<bool> UserExistsAsync(string subject) =>
        Convert.ToInt64(await Host.ScalarAsync("SELECT COUNT(*) FROM users WHERE id = $1", subject), System.Globalization.CultureInfo.InvariantCulture) > 0;

    private async Task<long> UserCountAsync() =>
        Convert.ToInt64(await Host.ScalarAsync("SELECT COUNT(*) FROM users"), System.Globalization.CultureInfo.InvariantCulture);
}
