using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Gateway.Authentication;

/// <summary>
/// The four checks of a bearer token, each required: signature (keys from the issuer's JWKS, asymmetric
/// algorithms only), issuer, audience (this server, RFC 8707) and lifetime; plus a <c>sub</c> to key data by.
/// A token that passed is remembered (<see cref="VerifiedTokenCache"/>) until it expires or the keys change.
/// </summary>
internal sealed class BearerTokenValidator
{
    public const string SubjectClaim = "sub";

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly JwksKeySource _keys;
    private readonly VerifiedTokenCache _verified;
    private readonly TimeProvider _time;
    private readonly ResourceServerOptions _options;
    private readonly HashSet<string> _audiences;
    private readonly HashSet<string> _algorithms;

    public BearerTokenValidator(JwksKeySource keys, VerifiedTokenCache verified, IOptions<ResourceServerOptions> options, TimeProvider time)
    {
        _keys = keys;
        _verified = verified;
        _time = time;
        _options = options.Value;
        // This server, in either form, however a host spells it (ResourceForms.Canonical); no prefix match, no other path.
        _audiences = new HashSet<string>(StringComparer.Ordinal)
        {
            ResourceForms.Canonical(_options.McpResource!.AbsoluteUri)!,
            ResourceForms.Canonical(_options.OriginResource!.AbsoluteUri)!,
        };
        _algorithms = new HashSet<string>(_options.AllowedAlgorithms, StringComparer.Ordinal);
    }

    public async ValueTask<TokenCheck> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (_keys.CurrentGeneration is { } generation && _verified.TryGet(token, generation, out var known, out var knownValidTo))
        {
            return TokenCheck.Valid(known, knownValidTo);
        }

        if (!_handler.CanReadToken(token))
        {
            return TokenCheck.Invalid("malformed token");
        }

        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return TokenCheck.Invalid("malformed token");
        }

        // RFC 7515 §4.1.11: extensions listed in crit must be understood, and this server understands none.
        if (jwt.TryGetHeaderValue<object>("crit", out _))
        {
            return TokenCheck.Invalid("critical header extension not understood");
        }

        if (!_algorithms.Contains(jwt.Alg))
        {
            return TokenCheck.Invalid($"algorithm '{jwt.Alg}' is not allowed");
        }

        var keyId = string.IsNullOrEmpty(jwt.Kid) ? null : jwt.Kid;
        var (keys, keyGeneration) = await _keys.GetKeysAsync(keyId, cancellationToken);
        if (keys.Count == 0)
        {
            return TokenCheck.Invalid("unknown signing key id");
        }

        var result = await _handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            AudienceValidator = (audiences, _, _) => audiences.Any(a => ResourceForms.Canonical(a) is { } name && _audiences.Contains(name)),
            IssuerSigningKeys = keys,
            ValidAlgorithms = _algorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            TryAllIssuerSigningKeys = keyId is null,
            ClockSkew = _options.ClockSkew,
            NameClaimType = SubjectClaim,
        });

        if (!result.IsValid)
        {
            return TokenCheck.Invalid(result.Exception?.GetType().Name ?? "rejected");
        }

        if (result.ClaimsIdentity.FindFirst(SubjectClaim) is not { Value.Length: > 0 })
        {
            return TokenCheck.Invalid("no sub claim");
        }

        // A token "issued" in the future was minted by a broken or hostile clock; nothing honest does that.
        if (jwt.TryGetPayloadValue<long>("iat", out var issuedAt)
            && DateTimeOffset.FromUnixTimeSeconds(issuedAt) > _time.GetUtcNow() + _options.ClockSkew)
        {
            return TokenCheck.Invalid("iat in the future");
        }

        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        var validTo = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        _verified.Add(token, keyGeneration, principal, validTo);
        return TokenCheck.Valid(principal, validTo);
    }
}
