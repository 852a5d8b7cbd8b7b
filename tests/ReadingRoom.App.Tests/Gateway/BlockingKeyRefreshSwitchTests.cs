using System.Text.Json;

namespace ReadingRoom.App.Tests.Gateway;

/// <summary>
/// IdentityModel reads its blocking-refresh switch once per process, when it first validates a token; a process that
/// validated one before the gateway turned the switch on refreshes keys in the background, so a rotated key's first
/// token is refused (seen as an intermittent failure when a test validated a token before any gateway started). The
/// switch therefore comes from each runtimeconfig.json, in force from the process's start.
/// </summary>
public sealed class BlockingKeyRefreshSwitchTests
{
    private const string Switch = "Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking";

    [Theory]
    [InlineData("ReadingRoom.App.runtimeconfig.json")]
    [InlineData("ReadingRoom.App.Tests.runtimeconfig.json")]
    public void RuntimeConfig_TurnsTheSwitchOnFromTheStart(string file)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty(Switch, out var value) && value.GetBoolean(), $"{file} lacks {Switch}: true");
    }
}
