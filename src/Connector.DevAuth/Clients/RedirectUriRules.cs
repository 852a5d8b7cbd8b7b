using System.Diagnostics.CodeAnalysis;

namespace Connector.DevAuth.Clients;

internal static class RedirectUriRules
{
    /// <summary>
    /// https anywhere, plain http only to this machine: a code sent over http to another host could be read on the way.
    /// Fragments are refused because the code is appended to the query and a fragment would hide it (RFC 6749 section 3.1.2).
    /// </summary>
    public static bool IsAcceptable(string? value, [NotNullWhen(false)] out string? problem)
    {
        if (string.IsNullOrEmpty(value) || value.Length > ClientRegistrationDraft.MaxUriLength
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            problem = $"redirect_uri '{Shorten(value)}' is not an absolute URL of at most {ClientRegistrationDraft.MaxUriLength} characters.";
            return false;
        }

        if (uri.Fragment.Length > 0 || value.Contains('#', StringComparison.Ordinal))
        {
            problem = $"redirect_uri '{Shorten(value)}' must not contain a fragment (#…).";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            problem = $"redirect_uri '{Shorten(value)}' must not contain user information.";
            return false;
        }

        var isHttps = uri.Scheme == Uri.UriSchemeHttps;
        var isLoopbackHttp = uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback;
        if (!isHttps && !isLoopbackHttp)
        {
            problem = $"redirect_uri '{Shorten(value)}' must use https, or http to localhost, 127.0.0.1 or [::1].";
            return false;
        }

        problem = null;
        return true;
    }

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 100 ? value : value[..100] + "…";
}
