using System.Buffers.Text;
using System.Security.Cryptography;
using Connector.DevAuth.Grants;
using Connector.DevAuth.Hosting;
using Connector.DevAuth.Keys;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.DevAuth.Tokens;

/// <summary>Signs access tokens shaped like the real sign-in service's, so the gateway validates them the same way.</summary>
internal sealed class AccessTokenIssuer(
    DevAuthSettings settings,
    SigningKeyRing signingKeys,
    TimeProvider timeProvider,
    ILogger<AccessTokenIssuer> logger)
{
    // Names the caller the way a registered OAuth client would be named, so client-aware code paths see a value.
    private const string DevClientId = "dev-curl";

    private readonly JsonWebTokenHandler _tokenHandler = new();

    public IssuedAccessToken Issue(AccessTokenRequest request) =>
        Issue(request.Subject, request.Audience, request.Email, request.Scope, DevClientId);

    /// <summary>A token for what a person approved: aud is the RFC 8707 resource the client named.</summary>
    public IssuedAccessToken Issue(AuthorizationGrant grant) =>
        Issue(grant.Subject, grant.Resource, grant.Email, grant.Scope, grant.ClientId);

    private IssuedAccessToken Issue(string subject, string audience, string? email, string? scope, string clientId)
    {
        var issuedAt = timeProvider.GetUtcNow();
        var expiresAt = issuedAt + settings.TokenLifetime;
        var tokenId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = subject,
            [JwtRegisteredClaimNames.Jti] = tokenId,
            ["client_id"] = clientId,
        };
        if (email is not null)
        {
            claims[JwtRegisteredClaimNames.Email] = email;
        }

        if (scope is not null)
        {
            claims["scope"] = scope;
        }

        var token = _tokenHandler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = JwtConstants.HeaderType,
            Issuer = settings.Issuer,
            Audience = audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = claims,
            // Asked for on every token, so a rotation takes effect for the very next one.
            SigningCredentials = new SigningCredentials(signingKeys.Current.SigningKey, SecurityAlgorithms.RsaSha256),
        });

        DevAuthLog.IssuedAccessToken(logger, tokenId, subject, audience, expiresAt);
        return new IssuedAccessToken(token, settings.TokenLifetime);
    }
}
