using System.Security.Claims;
using Connector.Gateway.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Gateway.Tests;

public sealed class VerifiedTokenCacheTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(s_start);
    private readonly object _keys = new();

    [Fact]
    public void RememberedToken_IsFound_WithItsPrincipalAndExpiry()
    {
        var cache = new VerifiedTokenCache(_clock);
        var principal = Principal("reader-1");
        cache.Add("token-1", _keys, principal, s_start.AddMinutes(5));

        Assert.True(cache.TryGet("token-1", _keys, out var found, out var validTo));
        Assert.Same(principal, found);
        Assert.Equal(s_start.AddMinutes(5), validTo);
        Assert.False(cache.TryGet("token-2", _keys, out _, out _));
    }

    [Fact]
    public void RememberedToken_IsForgotten_TheMomentItExpires()
    {
        var cache = new VerifiedTokenCache(_clock);
        cache.Add("token-1", _keys, Principal("reader-1"), s_start.AddMinutes(5));

        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.True(cache.TryGet("token-1", _keys, out _, out _));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(cache.TryGet("token-1", _keys, out _, out _));
    }

    [Fact]
    public void RememberedToken_IsNotTrusted_UnderOtherKeys()
    {
        var cache = new VerifiedTokenCache(_clock);
        cache.Add("token-1", _keys, Principal("reader-1"), s_start.AddMinutes(5));

        Assert.False(cache.TryGet("token-1", new object(), out _, out _));
    }

    [Fact]
    public void FullCache_DropsExpiredEntriesFirst_AndStaysBounded()
    {
        var cache = new VerifiedTokenCache(_clock);
        for (var i = 0; i < VerifiedTokenCache.Capacity; i++)
        {
            cache.Add("old-" + i, _keys, Principal("reader-" + i), s_start.AddMinutes(1));
        }

        cache.Add("live", _keys, Principal("reader-live"), s_start.AddHours(1));
        _clock.Advance(TimeSpan.FromMinutes(2));
        for (var i = 0; i < VerifiedTokenCache.Capacity; i++)
        {
            cache.Add("new-" + i, _keys, Principal("reader-new-" + i), s_start.AddHours(1));
        }

        Assert.True(cache.Count <= VerifiedTokenCache.Capacity, $"{cache.Count} entries");
        Assert.True(cache.TryGet("new-" + (VerifiedTokenCache.Capacity - 1), _keys, out _, out _));
    }

    private static ClaimsPrincipal Principal(string subject) =>
        new(new ClaimsIdentity([new Claim("sub", subject)], "test"));
}
