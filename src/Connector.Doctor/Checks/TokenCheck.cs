using System.Text;
using System.Text.Json;

namespace Connector.Doctor.Checks;

/// <summary>
/// A token to replay the signed-in part with: given (<c>--token</c>) or minted at a dev sign-in (<c>--dev-sign-in</c>).
/// Its claims are read (never verified: that is the gateway's job) so a refusal can be explained by them.
/// </summary>
internal static class TokenCheck
{
    public const string Id = "token";
    private const string Title = "A bearer token for the signed-in steps";

    public static async Task<bool> RunAsync(CheckContext context)
    {
        var options = context.Options;
        if (options.Token is not null)
        {
            context.Token = options.Token;
            context.Probe.Secret = options.Token;
            context.Pass(Id, Title, "given with --token; " + Describe(options.Token));
            return true;
        }

        if (options.DevSignIn is null)
        {
            context.Skip(Id, Title, "no --token or --dev-sign-in, so the MCP steps (discover, initialize, tools) were not run");
            return false;
        }

        var url = $"{options.DevSignIn}/token?sub=doctor&aud={Uri.EscapeDataString(options.Url)}&format=text";
        var answer = await context.Probe.GetAsync(url, accept: "text/plain");
        var token = answer.Body.Trim();
        if (!answer.Ok || token.Length == 0)
        {
            context.Fail(Id, Title, $"the dev sign-in answered {answer.StatusText}",
                $"Start the dev sign-in (./run starts it) and pass its base URL, e.g. --dev-sign-in http://localhost:9000.");
            return false;
        }

        context.Token = token;
        context.Probe.Secret = token;
        context.Pass(Id, Title, "minted by the dev sign-in; " + Describe(token));
        return true;
    }

    /// <summary>The claims that decide acceptance (aud, iss, exp), from the JWT's payload; "opaque" when it isn't one.</summary>
    public static string Describe(string token)
    {
        var claims = Claims(token);
        if (claims is null)
        {
            return "opaque (not a JWT)";
        }

        var aud = claims.Value.TryGetProperty("aud", out var a) ? (a.ValueKind == JsonValueKind.Array ? string.Join(" ", a.EnumerateArray()) : a.ToString()) : "(none)";
        var iss = claims.Value.TryGetProperty("iss", out var i) ? i.ToString() : "(none)";
        var exp = claims.Value.TryGetProperty("exp", out var e) && e.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("u", System.Globalization.CultureInfo.InvariantCulture)
            : "(none)";
        return $"aud={aud}, iss={iss}, exp={exp}";
    }

    public static JsonElement? Claims(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
