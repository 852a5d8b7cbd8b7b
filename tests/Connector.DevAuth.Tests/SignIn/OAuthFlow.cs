using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Connector.DevAuth.Tests.SignIn;

/// <summary>
/// The authorization-code flow against the real dev sign-in, step by step over plain HTTP, so each test can stop at
/// the step it is about and bend what it sends there. <paramref name="redirectUri"/> is the client's callback.
/// </summary>
internal sealed partial class OAuthFlow(DevAuthServer auth, string redirectUri)
{
    public static string NewVerifier() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>Keeps cookies (the consent form's CSRF pair) and shows each redirect instead of following it.</summary>
    public static HttpClient NewBrowser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });

    public static JsonElement Claims(string jwt) => JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1])).RootElement.Clone();

    /// <summary>Registers a public client whose only redirect URI is this flow's.</summary>
    public async Task<string> RegisterAsync(string clientName)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(auth.Endpoint("/register"), new { redirect_uris = new[] { redirectUri }, client_name = clientName });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("client_id").GetString()!;
    }

    /// <summary>A null <paramref name="method"/> or <paramref name="resource"/> leaves that parameter out.</summary>
    public string AuthorizeUrl(string client, string challenge, string? resource, string state, string? method = "S256", string? redirectUriOverride = null)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = client,
            ["redirect_uri"] = redirectUriOverride ?? redirectUri,
            ["code_challenge"] = challenge,
            ["state"] = state,
        };
        if (method is not null)
        {
            parameters["code_challenge_method"] = method;
        }

        if (resource is not null)
        {
            parameters["resource"] = resource;
        }

        return QueryHelpers.AddQueryString(auth.Url + "/authorize", parameters);
    }

    public static async Task<ConsentForm> OpenConsentAsync(HttpClient browser, string authorizeUrl)
    {
        using var response = await browser.GetAsync(authorizeUrl);
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, page);
        return ConsentFormIn(page);
    }

    public static ConsentForm ConsentFormIn(string page) => new(HiddenField(page, "request_id"), HiddenField(page, "csrf_token"));

    /// <summary>Every hidden field of the page, decoded, in page order: what a browser would send back.</summary>
    public static List<KeyValuePair<string, string>> HiddenFields(string page) =>
        [.. HiddenInput().Matches(page).Select(m => new KeyValuePair<string, string>(m.Groups["name"].Value, WebUtility.HtmlDecode(m.Groups["value"].Value)))];

    public static string HiddenField(string page, string name)
    {
        var match = HiddenInput().Matches(page).FirstOrDefault(m => m.Groups["name"].Value == name);
        Assert.True(match is not null, $"no hidden field {name} in the consent page");
        return WebUtility.HtmlDecode(match.Groups["value"].Value);
    }

    /// <summary>Posts the consent form; a null CSRF token or email is left out, as a forged or minimal form would.</summary>
    public async Task<HttpResponseMessage> DecideAsync(HttpClient browser, ConsentForm form, string decision, string subject, string? email = null)
    {
        var fields = new List<KeyValuePair<string, string>> { new("request_id", form.RequestId), new("decision", decision), new("sub", subject) };
        if (form.CsrfToken is not null)
        {
            fields.Add(new("csrf_token", form.CsrfToken));
        }

        if (email is not null)
        {
            fields.Add(new("email", email));
        }

        using var content = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(auth.Endpoint("/authorize"), content);
    }

    public async Task<HttpResponseMessage> ExchangeAsync(string client, string code, string verifier, string? redirectUriOverride = null)
    {
        using var http = new HttpClient();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = client,
            ["code"] = code,
            ["redirect_uri"] = redirectUriOverride ?? redirectUri,
            ["code_verifier"] = verifier,
        });
        return await http.PostAsync(auth.Endpoint("/token"), content);
    }

    /// <summary>Where a sign-in test ends: the gateway takes the issued token, both for a tool list and for a session.</summary>
    public static async Task AssertTokenOpensASessionAsync(string mcpUrl, string token)
    {
        using var mcp = new McpHttp(mcpUrl);
        using (var list = await mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", token))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        var begin = await mcp.CallToolAsync(token, "begin_session");
        Assert.False(begin.IsError, begin.Text);
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenInput();
}

/// <summary>The consent page's hidden fields that make a decision count; a test may bend them to forge one.</summary>
internal sealed record ConsentForm(string RequestId, string? CsrfToken);
