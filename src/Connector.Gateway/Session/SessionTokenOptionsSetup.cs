using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Connector.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Session;

/// <summary>
/// Reads SESSION_SIGNING_SECRET (comma-separated: new first, then old) and SESSION_MINUTES. In Development
/// a missing secret is generated once and kept under DATA_DIR, so sessions survive a restart; elsewhere it
/// is required, because every instance must share it.
/// </summary>
internal sealed class SessionTokenOptionsSetup(IConfiguration configuration, IHostEnvironment environment)
    : IConfigureOptions<SessionTokenOptions>
{
    public const int MinimumSecretLength = 32;
    private static readonly string[] s_weakSecrets = ["changeme", "change-me", "secret", "password", "dev-secret", "replace-me"];

    public void Configure(SessionTokenOptions options)
    {
        if (configuration.Text(GatewaySettings.SessionMinutes) is { } minutesText)
        {
            if (int.TryParse(minutesText, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes is > 0 and <= 24 * 60)
            {
                options.Lifetime = TimeSpan.FromMinutes(minutes);
            }
            else
            {
                options.Problem = $"{GatewaySettings.SessionMinutes} must be a whole number of minutes from 1 to 1440.";
                return;
            }
        }

        var configured = configuration.Text(GatewaySettings.SessionSigningSecret);
        if (configured is null)
        {
            if (environment.IsDevelopment())
            {
                options.Secrets = [Encoding.UTF8.GetBytes(DevelopmentSecret())];
            }
            else
            {
                options.Problem = $"{GatewaySettings.SessionSigningSecret} is required outside Development: a random string of at least {MinimumSecretLength} characters shared by every instance (e.g. `openssl rand -base64 48`).";
            }

            return;
        }

        var secrets = configured.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (!environment.IsDevelopment() && secrets.Any(IsWeak))
        {
            options.Problem = $"{GatewaySettings.SessionSigningSecret} is too weak: each secret needs at least {MinimumSecretLength} characters and must not be a placeholder.";
            return;
        }

        options.Secrets = secrets.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    private static bool IsWeak(string secret) =>
        secret.Length < MinimumSecretLength || s_weakSecrets.Any(w => secret.Contains(w, StringComparison.OrdinalIgnoreCase));

    private string DevelopmentSecret()
    {
        var directory = configuration.DataDirectory();
        var path = Path.Combine(directory, "session-secret");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(directory);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var temporary = path + "." + Guid.NewGuid().ToString("N");
        File.WriteAllText(temporary, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
            return secret;
        }
        catch (IOException)
        {
            // Another process created it first: use theirs, so both accept each other's sessions.
            File.Delete(temporary);
            return File.ReadAllText(path).Trim();
        }
    }
}
