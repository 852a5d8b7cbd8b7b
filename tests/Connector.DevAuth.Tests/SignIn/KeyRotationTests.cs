using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Connector.DevAuth.Keys;
using Connector.Gateway.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.DevAuth.Tests.SignIn;

/// <summary>
/// The dev sign-in rotating its own key while it runs: the running service publishes the new and the previous key,
/// signs with the new one, and the running gateway accepts both tokens without a restart of either.
/// </summary>
public sealed class KeyRotationTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private DevAuthServer? _auth;
    private GatewayServer? _gateway;

    public ValueTask InitializeAsync()
    {
        _auth = new DevAuthServer();
        _gateway = new GatewayServer(_auth);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_auth is not null)
        {
            await _auth.DisposeAsync();
        }
    }

    [Fact]
    public async Task Rotation_PublishesBothKeys_SignsWithTheNewOne_AndTheGatewayAcceptsBothWithoutRestart()
    {
        // The default 30 s between kid-driven re-fetches would make this test wait; shrink it on the live options.
        _gateway!.Services.GetRequiredService<IOptions<ResourceServerOptions>>().Value.JwksMinRefetchInterval = TimeSpan.Zero;
        var t1 = await MintAsync();
        var firstKid = Kid(t1);
        Assert.Equal([firstKid], await PublishedKidsAsync());
        Assert.Equal(HttpStatusCode.OK, await CallGatewayAsync(t1));

        var (current, previous) = DevSigningKey.Rotate(_auth!.KeyDirectory);

        Assert.Equal(firstKid, previous.KeyId);
        Assert.NotEqual(firstKid, current.KeyId);
        Assert.Equal([current.KeyId, firstKid], await WaitForPublishedAsync(current.KeyId));
        var t2 = await MintAsync();
        Assert.Equal(current.KeyId, Kid(t2));
        await PastTheRefetchFloor();
        Assert.Equal(HttpStatusCode.OK, await CallGatewayAsync(t2));
        Assert.Equal(HttpStatusCode.OK, await CallGatewayAsync(t1));

        var (third, second) = DevSigningKey.Rotate(_auth!.KeyDirectory);

        Assert.Equal(current.KeyId, second.KeyId);
        Assert.Equal([third.KeyId, current.KeyId], await WaitForPublishedAsync(third.KeyId));
        var t3 = await MintAsync();
        Assert.Equal(third.KeyId, Kid(t3));
        await PastTheRefetchFloor();
        Assert.Equal(HttpStatusCode.OK, await CallGatewayAsync(t3));
        Assert.Equal(HttpStatusCode.OK, await CallGatewayAsync(t2));

        // The gateway re-fetched for t3's kid and so learned that t1's key is retired.
        Assert.Equal(HttpStatusCode.Unauthorized, await CallGatewayAsync(t1));
    }

    /// <summary>
    /// The gateway re-fetches keys for an unknown kid at most once a second, however short its setting: a rotation that
    /// follows the last fetch more closely than that (a fast machine) would find the new kid unknown. A pause, not a
    /// timed assertion.
    /// </summary>
    private static Task PastTheRefetchFloor() => Task.Delay(TimeSpan.FromSeconds(1.2));

    [Fact]
    public async Task RotateKeyCommand_AsAProcess_PrintsBothKids_AndTheRunningServicePublishesThem()
    {
        var before = await MintAsync();

        var (exitCode, output) = await RunRotateKeyCommandAsync();

        Assert.True(exitCode == 0, output);
        var current = DevSigningKey.LoadOrCreate(_auth!.KeyDirectory);
        Assert.Contains(current.KeyId, output, StringComparison.Ordinal);
        Assert.Contains(Kid(before), output, StringComparison.Ordinal);
        Assert.True(File.Exists(DevSigningKey.PreviousKeyFilePath(_auth!.KeyDirectory)));
        Assert.Equal([current.KeyId, Kid(before)], await WaitForPublishedAsync(current.KeyId));
        Assert.Equal(current.KeyId, Kid(await MintAsync()));
    }

    private async Task<(int ExitCode, string Output)> RunRotateKeyCommandAsync()
    {
        // The same dotnet that runs the tests, not whichever one PATH finds first.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("Connector.DevAuth.dll");
        start.ArgumentList.Add("rotate-key");
        start.Environment["DEV_AUTH_KEY_DIR"] = _auth!.KeyDirectory;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private async Task<string> MintAsync()
    {
        var query = $"/token?sub={Uri.EscapeDataString(TestUsers.New())}&aud={Uri.EscapeDataString(_gateway!.McpUrl)}";
        using var response = await _http.GetAsync(new Uri(_auth!.Url + query));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        LogWitness.Remember(token);
        return token;
    }

    private async Task<HttpStatusCode> CallGatewayAsync(string token)
    {
        using var mcp = new McpHttp(_gateway!.McpUrl);
        using var response = await mcp.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", token);
        return response.StatusCode;
    }

    private async Task<string[]> PublishedKidsAsync()
    {
        var jwks = await _http.GetFromJsonAsync<JsonElement>(new Uri(_auth!.Url + "/jwks.json"));
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }

    /// <summary>The service checks its key file at most once a second, so the new kid may take that long to appear.</summary>
    private async Task<string[]> WaitForPublishedAsync(string kid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var kids = await PublishedKidsAsync();
            if (kids.Contains(kid) || DateTime.UtcNow > deadline)
            {
                return kids;
            }

            await Task.Delay(100);
        }
    }

    private static string Kid(string jwt) =>
        JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[0])).RootElement.GetProperty("kid").GetString()!;
}
