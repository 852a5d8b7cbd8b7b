using System.Diagnostics;
using Connector.Gateway.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Gateway.Authentication;

/// <summary>
/// Reads the issuer's JWKS into the configuration that JwtBearer's <see cref="ConfigurationManager{T}"/> caches,
/// refreshes every <see cref="ResourceServerOptions.JwksRefreshInterval"/> and re-fetches (at most once per
/// <see cref="ResourceServerOptions.JwksMinRefetchInterval"/>) when a token names a key it doesn't hold.
/// Ours because the framework's retriever reads an OpenID discovery document, and this server is given the
/// JWKS URL alone (AUTH_JWKS_URL). It remembers the last set of keys it produced, so the gateway can tell
/// "no key can be had" (503) from "this token is bad" (401), and what was verified under one set of keys is
/// verified again under the next.
/// </summary>
internal sealed partial class JwksRetriever(IOptions<ResourceServerOptions> options, TimeProvider time, ILogger<JwksRetriever> logger)
    : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    private volatile SigningKeyGeneration? _current;

    /// <summary>The keys last fetched, or null when none ever could be.</summary>
    public SigningKeyGeneration? Current => _current;

    /// <summary>The keys last fetched while they are not yet due for their periodic refresh; null otherwise.</summary>
    public SigningKeyGeneration? Fresh =>
        _current is { } current && time.GetUtcNow() - current.FetchedAt <= options.Value.JwksRefreshInterval ? current : null;

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        using var span = GatewayTelemetry.Source.StartActivity("jwks fetch", ActivityKind.Client);
        try
        {
            var keys = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel)).GetSigningKeys();
            if (keys.Count == 0)
            {
                throw new InvalidOperationException("The JWKS document holds no usable signing key.");
            }

            var configuration = new OpenIdConnectConfiguration { Issuer = options.Value.Issuer, JwksUri = address };
            foreach (var key in keys)
            {
                configuration.SigningKeys.Add(key);
            }

            _current = new SigningKeyGeneration(configuration, time.GetUtcNow());
            span?.SetTag(GatewayTelemetry.OutcomeAttribute, "ok").SetTag("connector.jwks.keys", keys.Count);
            LogKeysFetched(logger, keys.Count);
            return configuration;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            span?.SetTag(GatewayTelemetry.OutcomeAttribute, "failed").SetStatus(ActivityStatusCode.Error);
            if (_current is null)
            {
                LogFetchFailed(logger, ex.GetType().Name);
            }
            else
            {
                LogFetchFailedUsingCache(logger, ex.GetType().Name);
            }

            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Count} signing key(s) from the issuer's JWKS.")]
    private static partial void LogKeysFetched(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "JWKS fetch failed ({Reason}); still using the cached signing keys.")]
    private static partial void LogFetchFailedUsingCache(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "JWKS fetch failed ({Reason}) and no signing keys are held: every call fails closed with 503.")]
    private static partial void LogFetchFailed(ILogger logger, string reason);
}

/// <summary>One fetched set of signing keys; identity (not equality) is what marks a token as verified under it.</summary>
internal sealed record SigningKeyGeneration(OpenIdConnectConfiguration Configuration, DateTimeOffset FetchedAt);
