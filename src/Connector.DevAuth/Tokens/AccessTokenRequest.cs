using System.Diagnostics.CodeAnalysis;

namespace Connector.DevAuth.Tokens;

/// <summary>What GET /token was asked for, already checked.</summary>
internal sealed record AccessTokenRequest(string Subject, string Audience, string? Email, string? Scope, bool AsPlainText)
{
    public const int MaxSubjectLength = 200;
    public const int MaxEmailLength = 320;
    public const int MaxAudienceLength = 2000;
    public const int MaxScopeLength = 2000;

    private const string ExampleAudience = "http://localhost:8000/mcp";

    /// <param name="problem">When invalid: plain words naming the parameter and what to pass instead.</param>
    public static bool TryParse(
        IQueryCollection query,
        [NotNullWhen(true)] out AccessTokenRequest? request,
        [NotNullWhen(false)] out string? problem)
    {
        request = null;
        if (!TryReadSingle(query, "sub", MaxSubjectLength, out var subject, out problem)
            || !TryReadSingle(query, "aud", MaxAudienceLength, out var audience, out problem)
            || !TryReadSingle(query, "email", MaxEmailLength, out var email, out problem)
            || !TryReadSingle(query, "scope", MaxScopeLength, out var scope, out problem)
            || !TryReadSingle(query, "format", maxLength: 10, out var format, out problem))
        {
            return false;
        }

        if (subject is null)
        {
            problem = "Pass sub, the id of the user the token is for, e.g. sub=dev-user.";
            return false;
        }

        if (audience is null)
        {
            problem = $"Pass aud, the URL of the server that will accept the token, e.g. aud={ExampleAudience}.";
            return false;
        }

        if (!IsAbsoluteHttpUrl(audience))
        {
            problem = $"aud must be an absolute http or https URL, e.g. aud={ExampleAudience}.";
            return false;
        }

        if (format is not null and not "text" and not "json")
        {
            problem = "format must be text (just the token) or json (the default).";
            return false;
        }

        request = new AccessTokenRequest(subject, audience, email, scope, AsPlainText: format == "text");
        return true;
    }

    /// <summary>Blank counts as absent; a repeated parameter is refused rather than silently joined or dropped.</summary>
    private static bool TryReadSingle(IQueryCollection query, string name, int maxLength, out string? value, [NotNullWhen(false)] out string? problem)
    {
        value = null;
        problem = null;
        var values = query[name];
        if (values.Count > 1)
        {
            problem = $"Pass {name} only once.";
            return false;
        }

        var single = values.Count == 1 ? values[0]?.Trim() : null;
        if (string.IsNullOrEmpty(single))
        {
            return true;
        }

        if (single.Length > maxLength)
        {
            problem = $"{name} must be at most {maxLength} characters.";
            return false;
        }

        value = single;
        return true;
    }

    private static bool IsAbsoluteHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
