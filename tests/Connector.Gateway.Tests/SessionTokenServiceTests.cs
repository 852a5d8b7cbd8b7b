using System.Security.Cryptography;
using Connector.Gateway.Session;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Gateway.Tests;

public sealed class SessionTokenServiceTests
{
    private const string Reader = "reader-a";
    private static readonly TimeSpan s_lifetime = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset s_start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(48);
    private readonly FakeTimeProvider _time = new(s_start);

    [Fact]
    public void Mint_ThenCheckForSameReader_IsValid()
    {
        var service = Service(_secret);

        var token = service.Mint(Reader, out var expiresAt);

        Assert.StartsWith("cs1.", token, StringComparison.Ordinal);
        Assert.Equal(s_start + s_lifetime, expiresAt);
        Assert.Equal(SessionCheck.Valid, service.Check(token, Reader));
    }

    [Fact]
    public void Mint_TwiceForSameReader_GivesDistinctTokens()
    {
        var service = Service(_secret);

        Assert.NotEqual(service.Mint(Reader, out _), service.Mint(Reader, out _));
    }

    [Fact]
    public void Mint_Token_DoesNotCarryTheReaderIdInClear()
    {
        // The AI carries the token; the reader's id must not travel with it.
        var token = Service(_secret).Mint("alice@example.com", out _);

        Assert.DoesNotContain("alice", token, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Check_NoToken_IsMissing(string? token)
    {
        Assert.Equal(SessionCheck.Missing, Service(_secret).Check(token, Reader));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("Bearer cs1.a.b.c.d.e")]
    [InlineData("cs2.a.1.2.n.sig")]
    [InlineData("cs1.a.b.c.d.e")]
    [InlineData("cs1.a.1.not-a-number.n.AAAA")]
    [InlineData("cs1.a.1.2.n.!!!")]
    [InlineData("cs1.a.1.2.sig")]
    [InlineData("cs1.a.1.2.n.extra.AAAA")]
    public void Check_Garbage_IsMalformed(string token)
    {
        Assert.Equal(SessionCheck.Malformed, Service(_secret).Check(token, Reader));
    }

    [Fact]
    public void Check_OverlongToken_IsMalformed()
    {
        var service = Service(_secret);
        var token = service.Mint(Reader, out _);

        Assert.Equal(SessionCheck.Malformed, service.Check(token + new string('A', 600), Reader));
    }

    [Fact]
    public void Check_TokenWithSignatureCutOff_IsMalformed()
    {
        var service = Service(_secret);
        var token = service.Mint(Reader, out _);

        Assert.Equal(SessionCheck.Malformed, service.Check(token[..token.LastIndexOf('.')], Reader));
    }

    [Fact]
    public void Check_TokenCutInsideItsFirstPart_IsMalformed()
    {
        var service = Service(_secret);
        var token = service.Mint(Reader, out _);

        Assert.Equal(SessionCheck.Malformed, service.Check(token[..10], Reader));
        Assert.Equal(SessionCheck.Malformed, service.Check("cs1.", Reader));
    }

    [Fact]
    public void Check_TamperedReaderPart_IsBadSignature()
    {
        var service = Service(_secret);
        var token = service.Mint(Reader, out _);

        Assert.Equal(SessionCheck.BadSignature, service.Check(ChangeCharAt(token, "cs1.".Length + 3), Reader));
    }

    [Fact]
    public void Check_ExpiryPushedLater_IsBadSignature()
    {
        // Editing exp is the obvious way to stretch a session; the signature must catch it.
        var service = Service(_secret);
        var token = service.Mint(Reader, out _);
        var parts = token.Split('.');
        parts[3] = (long.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture) + 86_400).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(SessionCheck.BadSignature, service.Check(string.Join('.', parts), Reader));
    }

    [Fact]
    public void Check_TamperedSignature_IsBadSignature()
    {
        var service = Service(_secret);
        var token = service.Mint(Reader, out _);
        var signatureStart = token.LastIndexOf('.') + 1;
        var middleOfSignature = signatureStart + ((token.Length - signatureStart) / 2);

        Assert.Equal(SessionCheck.BadSignature, service.Check(ChangeCharAt(token, middleOfSignature), Reader));
    }

    [Fact]
    public void Check_SignedWithAnotherSecret_IsBadSignature()
    {
        var token = Service(RandomNumberGenerator.GetBytes(48)).Mint(Reader, out _);

        Assert.Equal(SessionCheck.BadSignature, Service(_secret).Check(token, Reader));
    }

    [Fact]
    public void Check_JustBeforeExpiry_IsValid()
    {
        var service = Service(_secret);
        var token = service.Mint(Reader, out _);

        _time.Advance(s_lifetime - TimeSpan.FromSeconds(1));

        Assert.Equal(SessionCheck.Valid, service.Check(token, Reader));
    }

    [Fact]
    public void Check_AtAndAfterExpiry_IsExpired()
    {
        var service = Service(_secret);
        var token = service.Mint(Reader, out _);

        _time.Advance(s_lifetime);
        Assert.Equal(SessionCheck.Expired, service.Check(token, Reader));

        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(SessionCheck.Expired, service.Check(token, Reader));
    }

    [Fact]
    public void Check_ForAnotherReader_IsOtherUser()
    {
        var service = Service(_secret);
        var token = service.Mint(Reader, out _);

        Assert.Equal(SessionCheck.OtherUser, service.Check(token, "reader-b"));
    }

    [Fact]
    public void Check_RotatedSecrets_AcceptTokenMintedUnderOldSecret()
    {
        var old = _secret;
        var fresh = RandomNumberGenerator.GetBytes(48);
        var token = Service(old).Mint(Reader, out _);

        Assert.Equal(SessionCheck.Valid, Service(fresh, old).Check(token, Reader));
    }

    [Fact]
    public void Mint_RotatedSecrets_SignsWithTheFirstSecret()
    {
        var old = _secret;
        var fresh = RandomNumberGenerator.GetBytes(48);
        var token = Service(fresh, old).Mint(Reader, out _);

        Assert.Equal(SessionCheck.Valid, Service(fresh).Check(token, Reader));
        Assert.Equal(SessionCheck.BadSignature, Service(old).Check(token, Reader));
    }

    [Fact]
    public void Check_SecretListWithoutTheTokensSecret_IsBadSignature()
    {
        var token = Service(_secret).Mint(Reader, out _);

        Assert.Equal(SessionCheck.BadSignature, Service(RandomNumberGenerator.GetBytes(48), RandomNumberGenerator.GetBytes(48)).Check(token, Reader));
    }

    private SessionTokenService Service(params byte[][] secrets) =>
        new(Options.Create(new SessionTokenOptions { Secrets = secrets, Lifetime = s_lifetime }), _time);

    /// <summary>Swaps one character for another of the same alphabet, so only the content (not the shape) changes.</summary>
    private static string ChangeCharAt(string token, int index)
    {
        Assert.NotEqual('.', token[index]);
        var replacement = token[index] == 'A' ? 'B' : 'A';
        if (char.IsAsciiDigit(token[index]))
        {
            replacement = token[index] == '1' ? '2' : '1';
        }

        return string.Concat(token.AsSpan(0, index), replacement.ToString(), token.AsSpan(index + 1));
    }
}
