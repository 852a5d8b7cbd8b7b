using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Gateway.Authentication;

/// <summary>
/// Every check a bearer token must pass, as JwtBearer's parameters: a signature by one of the issuer's published
/// keys (asymmetric algorithms only), <c>iss</c> exactly AUTH_ISSUER, <c>aud</c> naming this server however a host
/// spells it (<see cref="ResourceForms.Canonical"/>), and <c>exp</c>/<c>nbf</c> within the clock skew. What JwtBearer
/// has no parameter for (<c>sub</c>, <c>crit</c>, <c>iat</c>) is checked in <see cref="BearerTokenEvents"/>.
/// </summary>
internal sealed class BearerTokenOptionsSetup(IOptions<ResourceServerOptions> resource, JwksRetriever keys, IHttpClientFactory http)
    : IConfigureNamedOptions<JwtBearerOptions>
{
    /// <summary>
    /// IdentityModel's key manager refreshes in the background by default, so a token signed by a key published a
    /// moment ago would be refused once and accepted only on a later call; a host takes that 401 as "sign in again".
    /// Blocking, the re-fetch an unknown kid causes (at most one per RefreshInterval) answers the same call.
    /// IdentityModel reads the switch once per process, when it first validates a token, so it is set in every
    /// runtimeconfig.json (Directory.Build.props) and again, for apps built elsewhere, by AddConnectorGateway.
    /// </summary>
    internal const string BlockingKeyRefreshSwitch = "Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking";

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != BearerTokenDefaults.AuthenticationScheme)
        {
            return;
        }

        var settings = resource.Value;
        options.MapInboundClaims = false;
        options.IncludeErrorDetails = false;
        options.RefreshOnIssuerKeyNotFound = true;
        options.EventsType = typeof(BearerTokenEvents);
        if (settings.JwksUrl is null || settings.McpResource is null || settings.OriginResource is null)
        {
            // Start-up stops on these settings (ResourceServerOptionsValidator); nothing is served without them.
            return;
        }

        options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
            settings.JwksUrl.AbsoluteUri,
            keys,
            // Whether http is allowed was decided at start-up: https outside Development, unless loopback.
            new HttpDocumentRetriever(http.CreateClient(BearerTokenDefaults.JwksHttpClient)) { RequireHttps = false })
        {
            // A key the issuer has retired is refused from the next fetch on, not honoured for another hour.
            UseLastKnownGoodConfiguration = false,
            AutomaticRefreshInterval = settings.JwksRefreshInterval,
            // The manager's own floor is one second.
            RefreshInterval = settings.JwksMinRefetchInterval < BaseConfigurationManager.MinimumRefreshInterval
                ? BaseConfigurationManager.MinimumRefreshInterval
                : settings.JwksMinRefetchInterval,
        };

        var audiences = new HashSet<string>(StringComparer.Ordinal)
        {
            ResourceForms.Canonical(settings.McpResource.AbsoluteUri)!,
            ResourceForms.Canonical(settings.OriginResource.AbsoluteUri)!,
        };
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidateIssuer = true,
            ValidateAudience = true,
            // This server, in either form; no prefix match, no other path.
            AudienceValidator = (tokenAudiences, _, _) => tokenAudiences.Any(a => ResourceForms.Canonical(a) is { } canonical && audiences.Contains(canonical)),
            ValidAlgorithms = settings.AllowedAlgorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = settings.ClockSkew,
            NameClaimType = BearerTokenDefaults.SubjectClaim,
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}
