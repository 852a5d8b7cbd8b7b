using Connector.Gateway.State;
using Npgsql;

namespace Connector.Gateway.Tests.State;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void ToConnectionString_NeonStyleUrl_KeepsEveryPartAndDecodesTheSecret()
    {
        var connection = Parse("postgresql://alex:p%40ss%3Aword@ep-cool-1234.eu-central-1.aws.neon.tech/neondb?sslmode=require&channel_binding=require");

        Assert.Equal("ep-cool-1234.eu-central-1.aws.neon.tech", connection.Host);
        Assert.Equal(5432, connection.Port);
        Assert.Equal("alex", connection.Username);
        Assert.Equal("p@ss:word", connection.Password);
        Assert.Equal("neondb", connection.Database);
        Assert.Equal(SslMode.Require, connection.SslMode);
        Assert.Equal(ChannelBinding.Require, connection.ChannelBinding);
    }

    [Fact]
    public void ToConnectionString_NoTimeoutsGiven_BoundsConnectAndCommandTime()
    {
        // An outage must be noticed in seconds, not after the driver's long defaults.
        var connection = Parse("postgres://u@db.example:6543/app");

        Assert.Equal(6543, connection.Port);
        Assert.Equal((int)DatabaseUrl.DefaultTimeout.TotalSeconds, connection.Timeout);
        Assert.Equal((int)DatabaseUrl.DefaultTimeout.TotalSeconds, connection.CommandTimeout);
    }

    [Fact]
    public void ToConnectionString_TimeoutsGiven_AreKept()
    {
        var url = Parse("postgresql://u@db.example/app?connect_timeout=2&command_timeout=9&sslmode=verify-full");
        var keyValue = Parse("Host=db.example;Username=u;Timeout=3;Command Timeout=11");

        Assert.Equal((2, 9, SslMode.VerifyFull), (url.Timeout, url.CommandTimeout, url.SslMode));
        Assert.Equal((3, 11), (keyValue.Timeout, keyValue.CommandTimeout));
    }

    [Theory]
    [InlineData("postgresql://u:p@/db", "not a valid postgresql:// URL")]
    [InlineData("postgresql://u@db.example/app?sslmode=sometimes", "sslmode")]
    [InlineData("postgresql://u@db.example/app?colour=blue", "colour")]
    [InlineData("postgresql://u@db.example/app?connect_timeout=soon", "connect_timeout")]
    [InlineData("Hots=db.example", "key=value")]
    public void ToConnectionString_Mistake_SaysWhatIsWrongWithoutTheSecret(string value, string expected)
    {
        var error = Assert.Throws<FormatException>(() => DatabaseUrl.ToConnectionString(value.Replace("u:p@", "u:topsecret@", StringComparison.Ordinal)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", error.Message, StringComparison.Ordinal);
    }

    private static NpgsqlConnectionStringBuilder Parse(string value) => new(DatabaseUrl.ToConnectionString(value));
}
