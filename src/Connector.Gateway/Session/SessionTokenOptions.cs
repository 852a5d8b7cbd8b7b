namespace Connector.Gateway.Session;

/// <summary>The keys and lifetime of the app-level session tokens <c>begin_session</c> hands out.</summary>
public sealed class SessionTokenOptions
{
    /// <summary>The first secret signs; every secret verifies, so a secret can be rotated without ending sessions.</summary>
    public IReadOnlyList<byte[]> Secrets { get; set; } = [];

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Why <see cref="Secrets"/> is unusable, worded for the person configuring the server; null when fine.</summary>
    internal string? Problem { get; set; }
}
