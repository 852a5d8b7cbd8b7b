using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ReadingRoom.DevAuth.Hosting;
using ReadingRoom.DevAuth.Keys;

namespace ReadingRoom.DevAuth.Tokens;

/// <summary>Signs access tokens shaped like the real sign-in service's, so the gateway validates them the same way.</summary>
internal sealed class AccessTokenIssuer(
    DevAuthSettings settings,
    DevSigningKey signingKey,
    TimeProvider timeProvider,
    ILogger<AccessTokenIssuer> logger)
{
    // Names the caller the way a registered OAuth client would be named, so client-aware code paths see a value.
    private const string DevClientId = "dev-curl";

    private readonly JsonWebTokenHandler _tokenHandler = new();
    private readonly SigningCredentials _signingCredentials = new(signingKey.SigningKey, SecurityAlgorithms.RsaSha256);

    public IssuedAccessToken Issue(AccessTokenRequest request)
    {
        var issuedAt = timeProvider.GetUtcNow();
        var expiresAt = issuedAt + settings.TokenLifetime;
        var tokenId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = request.Subject,
            [JwtRegisteredClaimNames.Jti] = tokenId,
            ["client_id"] = DevClientId,
        };
        if (request.Email is not null)
        {
            claims[JwtRegisteredClaimNames.Email] = request.Email;
        }

        if (request.Scope is not null)
        {
            claims["scope"] = request.Scope;
        }

        var token = _tokenHandler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = JwtConstants.HeaderType,
            Issuer = settings.Issuer,
            Audience = request.Audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = claims,
            SigningCredentials = _signingCredentials,
        });

        DevAuthLog.IssuedAccessToken(logger, tokenId, request.Subject, request.Audience, expiresAt);
        return new IssuedAccessToken(token, settings.TokenLifetime);
    }
}
