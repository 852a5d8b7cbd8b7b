using Connector.Gateway.Authentication;

namespace Connector.Gateway.Tests;

public sealed class ResourceFormsTests
{
    [Theory]
    [InlineData("https://reading.example.com")]
    [InlineData("https://reading.example.com/")]
    [InlineData("https://reading.example.com/mcp")]
    [InlineData("https://reading.example.com/mcp/")]
    public void TryDerive_OriginOrMcpUrl_IsAcceptedAndGivesBothForms(string url)
    {
        Assert.True(ResourceForms.TryDerive(new Uri(url), out var origin, out var mcp));

        Assert.Equal("https://reading.example.com", ResourceForms.Text(origin));
        Assert.Equal(new Uri("https://reading.example.com/mcp"), mcp);
    }

    [Fact]
    public void TryDerive_WithPort_KeepsThePortInBothForms()
    {
        Assert.True(ResourceForms.TryDerive(new Uri("http://127.0.0.1:8000/mcp"), out var origin, out var mcp));

        Assert.Equal("http://127.0.0.1:8000", ResourceForms.Text(origin));
        Assert.Equal(new Uri("http://127.0.0.1:8000/mcp"), mcp);
    }

    [Theory]
    [InlineData("https://reading.example.com/other")]
    [InlineData("https://reading.example.com/mcp/extra")]
    [InlineData("https://reading.example.com/mcpx")]
    [InlineData("https://reading.example.com/mcp?tenant=a")]
    [InlineData("https://reading.example.com/?x=1")]
    [InlineData("https://reading.example.com/mcp#top")]
    [InlineData("https://reading.example.com#top")]
    public void TryDerive_OtherPathQueryOrFragment_IsRefused(string url)
    {
        Assert.False(ResourceForms.TryDerive(new Uri(url), out _, out _));
    }

    [Theory]
    [InlineData("https://reading.example.com/mcp", "https://reading.example.com/mcp")]
    [InlineData("https://reading.example.com/mcp/", "https://reading.example.com/mcp")]
    [InlineData("HTTPS://READING.Example.COM/mcp", "https://reading.example.com/mcp")]
    [InlineData("https://reading.example.com:443/mcp", "https://reading.example.com/mcp")]
    [InlineData("http://reading.example.com:80/mcp/", "http://reading.example.com/mcp")]
    [InlineData("https://reading.example.com", "https://reading.example.com")]
    [InlineData("https://reading.example.com/", "https://reading.example.com")]
    [InlineData("http://127.0.0.1:8000/mcp", "http://127.0.0.1:8000/mcp")]
    public void Canonical_SpellingsOfOneResource_AreOneText(string spelling, string canonical)
    {
        Assert.Equal(canonical, ResourceForms.Canonical(spelling));
    }

    [Theory]
    [InlineData("https://reading.example.com/mcp-evil")]
    [InlineData("https://reading.example.com/mcp/x")]
    [InlineData("https://reading.example.com/mcp//")]
    [InlineData("https://reading.example.com/MCP")]
    [InlineData("https://reading.example.com:8443/mcp")]
    [InlineData("http://reading.example.com/mcp")]
    [InlineData("https://reading.example.com.evil.example/mcp")]
    public void Canonical_OtherResources_StayDifferent(string other)
    {
        Assert.NotEqual("https://reading.example.com/mcp", ResourceForms.Canonical(other));
    }

    [Theory]
    [InlineData("urn:reading-room")]
    [InlineData("ftp://reading.example.com/mcp")]
    [InlineData("https://user@reading.example.com/mcp")]
    [InlineData("https://reading.example.com/mcp?x=1")]
    [InlineData("https://reading.example.com/mcp#f")]
    [InlineData("/mcp")]
    [InlineData("")]
    public void Canonical_WhatCannotNameAResource_IsNull(string value)
    {
        Assert.Null(ResourceForms.Canonical(value));
    }
}
