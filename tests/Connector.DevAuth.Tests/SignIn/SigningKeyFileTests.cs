using System.Buffers.Text;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connector.DevAuth.Keys;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.DevAuth.Tests.SignIn;

/// <summary>
/// The dev sign-in's key file and what it publishes of it: a file written by an earlier version still loads with the
/// kid it had, a new one reads back unchanged, and /jwks.json carries the public members only.
/// </summary>
public sealed class SigningKeyFileTests
{
    // A throwaway key kept only for this test, exactly as the dev sign-in wrote it before IdentityModel wrote its keys:
    // minimal base64url integers, and d and dp start with a zero octet, so loading it must pad them back.
    private const string EarlierKid = "LWtJGi0LWkhZRHgubEuEijom_f2_wptdViCmw9GtT2g";
    private const string EarlierKeyFile = """
        {
          "kty": "RSA",
          "n": "4ADZWfTkS0GaqgFy0DJzmUzGsnGZ16zlHNczLnZXjOEh3KzvWCysxLQuxpgReZeh-UnZeX-adG3GXZNbOgdaKzmCoNydriMNUWx7kQA65uPjAnfC08ulR7Jecs4xn355Zx90sTtYY4oU1zSfLIRWBD3g5jhPvE8iYq2LdIY0-vsiKrdVWrOozwZXDNqcZEr9Ti_Q5MHdIrupZYh5eqJFfCCMD6-PdxiNDe8xh9SYycONimExxgC0sPD0mavOwSr2tcTxP9BomrPtkY6cBYyo5gPs8nFsCezjXix__Ma_tOdLiQlI3HG2JFRklDRfT5LwrGmvNL7QBYzR9q9eYqZ9YQ",
          "e": "AQAB",
          "d": "GowoLAtZ-Nj7qZry-12Osd77_2dtAjwumS0Q8yPqZVIgO3zSt-1L1C0gKtnQqQP4ex0r4VP7mOVVMY6wwSB6GXxgVe2mmWg8JrcLsITq8Qvd1nxlTd2H8WLbSZbzIaceIqTaSTEq3QePuGx_ADMpwSO9NufRvo7qDpShfK3bzMQFfMtoGVxO9zyEAWFOCnGk1K9ev1Nj5hi6_j1VeR-bFejSY4LF7bmOT8KlXATxfEmq9k_Zga3kaRvHEOaBrfMyFP9ncG_-nEFF6e9B1qNGQIm9vD6irIBu8dpODV8oOfypOg_anIw1Fm-8M7Ivu7Z3gj2H02nigVbBS8oF7l7h",
          "p": "-jhKxdpEIVV7vH3bxdQKFFI1u6tCHatMktoiVTkOL3ShxVpq-JmZA9ExUSRXwCo3npbEZOgSSGAdIhCSN0gISZuUTLYX7oQgStzmNjXRGyCS_slu3oywa7aZhEtmjUe9X5atflRFvk39KCRoVCnLkljx3Z3vAw8HRxUGhYtLCbk",
          "q": "5S2FlffaSX0LWeklZX2d2q9JjvXdFte8IW51GgYH3D0y8WsT-OqCXeXddGNGULxPaDO9xs3-S9T0qRF4U0wbdfy263DmmWkEVYLPdLh8qzhB56J2u72OQJYkB80UhB5SMK6pv8l3PejfDzldGetlfYhlbiQGDMMFSXKVcmexxOk",
          "dp": "Yb2bd63K7zp1GywOrTgmt8llM-mx6eUABF0xDBk9cUwd5Plsz68wFk2g9hE8NdRH5ar_DGuauKrStnvCodWBZz9erphywLjb5GJlisd65x3STbRhmo1aXLj3PrY1WPqs_qndG3vPwoa0XPnbxwSMgJ493FPVCVzVeu67nW7L4Q",
          "dq": "ok171rqCKBtbh6Ba8KZmvbH4CTvMCNpeDNsaKYTt2iapRloL-fOywecBz-Rirti979D87KeEGZZGctnBelRi-kswDEuXtDuwaxLJ8yKYf_XGjtH6_nh_HvR1reSqS-rhUELSStXWEc0y86gvbCTOannHQ5pVgoI240430p7nQck",
          "qi": "Jg09hapH9RwLjdRh760jyYmArUjUF-hRsFdyi54sHTjKJc0SrMl-hGcetUg3QyNmXEiLRUSiVuZDtp9putaoDQm_vBoyfnD7rIXA-liI55ct-D39kqN6w2_jiLeKqaGv_Cnams8tmsUyobzOz49KBJQZJAEjzff0lnT28HPIqtc",
          "kid": "LWtJGi0LWkhZRHgubEuEijom_f2_wptdViCmw9GtT2g",
          "alg": "RS256",
          "use": "sig"
        }
        """;

    [Fact]
    public void KeyFileFromAnEarlierVersion_LoadsWithItsKid_AndSignsTokensItsPublicKeyVerifies()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(DevSigningKey.KeyFilePath(directory.Path), EarlierKeyFile + "\n");

        var key = DevSigningKey.LoadOrCreate(directory.Path);

        Assert.Equal(EarlierKid, key.KeyId);
        Assert.Equal(EarlierKid, key.SigningKey.KeyId);
        Assert.Equal(EarlierKid, key.PublicJwk.Kid);
        Assert.Equal(EarlierKid, Rfc7638Thumbprint(key.PublicJwk.N, key.PublicJwk.E));
        Assert.True(Verifies(TokenForge.SignRs256(new Dictionary<string, object> { ["sub"] = "someone" }, key.SigningKey), key.PublicJwk));
    }

    [Fact]
    public void KeyFileWhoseKidIsNotItsThumbprint_IsRefused()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(DevSigningKey.KeyFilePath(directory.Path), EarlierKeyFile.Replace(EarlierKid, "someone-elses-kid", StringComparison.Ordinal));

        var refused = Assert.Throws<InvalidDataException>(() => DevSigningKey.LoadOrCreate(directory.Path));

        Assert.Contains("is not the thumbprint of its key", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewKey_IsAPrivateJwkOnlyItsOwnerCanRead_AndReadsBackWithTheSameKid()
    {
        using var directory = new TempDirectory();
        var path = DevSigningKey.KeyFilePath(directory.Path);

        var created = DevSigningKey.LoadOrCreate(directory.Path);
        var reloaded = DevSigningKey.LoadOrCreate(directory.Path);

        Assert.Equal(created.KeyId, reloaded.KeyId);
        Assert.Equal(Rfc7638Thumbprint(created.PublicJwk.N, created.PublicJwk.E), created.KeyId);
        using var file = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(["alg", "d", "dp", "dq", "e", "kid", "kty", "n", "p", "q", "qi", "use"], Members(file.RootElement));
        Assert.Equal(created.KeyId, file.RootElement.GetProperty("kid").GetString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task Jwks_PublishesKtyUseAlgKidNAndE_AndNothingPrivate()
    {
        await using var auth = new DevAuthServer();
        using var http = new HttpClient();

        var jwks = await http.GetFromJsonAsync<JsonElement>(new Uri(auth.JwksUrl));

        Assert.Equal(["keys"], Members(jwks));
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal(["alg", "e", "kid", "kty", "n", "use"], Members(key));
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        var kid = key.GetProperty("kid").GetString();
        Assert.Equal(auth.SigningKey.KeyId, kid);
        Assert.Equal(kid, Rfc7638Thumbprint(key.GetProperty("n").GetString()!, key.GetProperty("e").GetString()!));
    }

    // RFC 7638 section 3.1, written out here so the kid is checked against the RFC rather than against itself.
    private static string Rfc7638Thumbprint(string n, string e) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"e":"{{e}}","kty":"RSA","n":"{{n}}"}""")));

    private static string[] Members(JsonElement element) => [.. element.EnumerateObject().Select(m => m.Name).Order(StringComparer.Ordinal)];

    private static bool Verifies(string token, JsonWebKey publicKey) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = publicKey,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        }).GetAwaiter().GetResult().IsValid;
}
